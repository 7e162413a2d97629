using System.IO.Pipelines;

namespace WsGate.UnitTests.Connections;

/// <summary>Two pipes seen from both ends: the transport a connection uses and the peer's side of it.</summary>
internal sealed class TestDuplexPipe : IDuplexPipe
{
    private readonly Pipe _toConnection = new();
    private readonly Pipe _fromConnection = new();

    public PipeReader Input => _toConnection.Reader;

    public PipeWriter Output => _fromConnection.Writer;

    /// <summary>Where the peer writes what the connection reads.</summary>
    public PipeWriter Peer => _toConnection.Writer;

    /// <summary>Where the peer reads what the connection wrote.</summary>
    public PipeReader Sent => _fromConnection.Reader;
}
