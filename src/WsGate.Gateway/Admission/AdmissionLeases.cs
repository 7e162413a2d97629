namespace WsGate.Admission;

/// <summary>What an admitted connection holds until it ends (connection slots, its throttle), given back once, newest first.</summary>
public sealed class AdmissionLeases : IDisposable
{
    private readonly List<IDisposable> _leases = new(3);

    public void Add(IDisposable lease)
    {
        lock (_leases)
        {
            _leases.Add(lease);
        }
    }

    public void Dispose()
    {
        IDisposable[] leases;
        lock (_leases)
        {
            leases = [.. _leases];
            _leases.Clear();
        }

        for (var i = leases.Length - 1; i >= 0; i--)
        {
            leases[i].Dispose();
        }
    }
}
