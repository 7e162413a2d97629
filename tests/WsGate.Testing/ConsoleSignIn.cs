using System.Net;
using System.Text.RegularExpressions;

namespace WsGate.Testing;

/// <summary>Signs in to the web console over plain HTTP, as a browser would: the login form's antiforgery token, then the post.</summary>
public static partial class ConsoleSignIn
{
    /// <summary>An HTTP client on <paramref name="adminAddress"/> that keeps cookies in <paramref name="cookies"/> and does not follow redirects.</summary>
    public static HttpClient Client(Uri adminAddress, CookieContainer cookies)
    {
#pragma warning disable CA2000 // The HttpClient returned owns the handler and disposes it with itself.
        return new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = adminAddress };
#pragma warning restore CA2000
    }

    public static async Task SignInAsync(HttpClient client, string username, string password)
    {
        var token = AntiforgeryToken(await client.GetStringAsync("/console/login"));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Username"] = username,
            ["Password"] = password,
            [AntiforgeryFieldName] = token,
        });
        using var response = await client.PostAsync("/console/login", form);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"sign-in answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public const string AntiforgeryFieldName = "__wsgate_af";

    /// <summary>The antiforgery token of the first form on a console page.</summary>
    public static string AntiforgeryToken(string html)
    {
        var match = AntiforgeryField().Match(html);
        return match.Success
            ? WebUtility.HtmlDecode(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value)
            : throw new InvalidOperationException("the page has no antiforgery field: " + html);
    }

    [GeneratedRegex("name=\"__wsgate_af\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"__wsgate_af\"")]
    private static partial Regex AntiforgeryField();
}
