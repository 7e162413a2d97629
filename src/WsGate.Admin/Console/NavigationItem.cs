namespace WsGate.Admin.Console;

/// <summary>One menu entry: its section, title, console URL, and the admin API path whose read rule shows it.</summary>
public sealed record NavigationItem(string Section, string Title, string Url, string ApiPath);
