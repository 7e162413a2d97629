using Microsoft.AspNetCore.Http;
using WsGate.Configuration.Validation;
using WsGate.Storage;

namespace WsGate.Admin.Problems;

/// <summary>Turns a refused configuration change into a 400 problem naming the fields, a concurrent change into 409 and a body of the wrong media type into 415.</summary>
public sealed class ValidationExceptionFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ConfigValidationException ex)
        {
            return AdminProblems.Validation(ex);
        }
        catch (ConcurrentChangeException ex)
        {
            return AdminProblems.Conflict(ex.Message);
        }
        catch (UnsupportedMediaTypeException ex)
        {
            return AdminProblems.UnsupportedMediaType(ex.Message);
        }
    }
}
