namespace WsGate.Configuration;

public enum HttpFallbackMode
{
    /// <summary>An empty 200 response (RoboTask's default).</summary>
    Empty,

    /// <summary>The configured HTML page.</summary>
    Html,

    /// <summary>Files from a folder, with a default document for folder paths.</summary>
    Folder,
}
