namespace WsGate.Tls;

/// <summary>A certificate file could not be used; <see cref="File"/> names it and the message says why.</summary>
public sealed class CertificateLoadException : Exception
{
    public CertificateLoadException(string field, string file, string cause, Exception? inner = null)
        : base($"{file}: {cause}", inner)
    {
        Field = field;
        File = file;
        Cause = cause;
    }

    /// <summary>The config field that named the file (<c>certificateFile</c>, <c>keyFile</c>, <c>pkcs12File</c>).</summary>
    public string Field { get; }

    public string File { get; }

    public string Cause { get; }
}
