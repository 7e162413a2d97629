using Microsoft.AspNetCore.Http;
using WsGate.Configuration.Validation;

namespace WsGate.Admin.Problems;

/// <summary>RFC 7807 problem responses of the admin API; validation problems list each field path with its messages.</summary>
public static class AdminProblems
{
    public static IResult Validation(ConfigValidationException ex) =>
        Results.ValidationProblem(
            ex.Errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            detail: string.Join("; ", ex.Errors.Select(e => e.ToString())),
            title: "The request has invalid fields");

    public static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: what);

    public static IResult Conflict(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    /// <summary>The shared store cannot be reached: nothing was changed; the client may retry later.</summary>
    public static IResult StoreUnavailable(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The store is unavailable", detail: detail);

    /// <summary>415: the body is not in a media type the route reads.</summary>
    public static IResult UnsupportedMediaType(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: detail);

    public static IResult BadField(string field, string message) =>
        Validation(new ConfigValidationException(field, message));
}
