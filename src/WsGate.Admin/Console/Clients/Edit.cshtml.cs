using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using WsGate.Admin.Api;
using WsGate.Configuration;
using WsGate.Configuration.Outbound;
using WsGate.Configuration.Validation;
using WsGate.Management;
using WsGate.Outbound;
using WsGate.Storage;

namespace WsGate.Admin.Console.Clients;

/// <summary>
/// Creates or edits an outbound client (with autofill from a URL), tests a connection with what the form holds, connects,
/// disconnects, sends a message and deletes, as <c>/api/v1/clients</c> does.
/// </summary>
public sealed class EditModel(ConfigManager config, OutboundClientManager clients, OutboundConnector connector) : ConsolePageModel
{
    public override string ApiPath => "/api/v1/clients";

    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    [BindProperty]
    public ClientForm Form { get; set; } = new();

    /// <summary>The text message typed under "Send a message".</summary>
    [BindProperty]
    public string? Message { get; set; }

    public bool IsNew => Id is null;

    public ClientView? Current { get; private set; }

    public OutboundTestResult? TestResult { get; private set; }

    public IActionResult OnGet()
    {
        if (Id is null)
        {
            return Page();
        }

        return Load(resetForm: true) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!Load(resetForm: false))
        {
            return NotFound();
        }

        if (Check() is { } form)
        {
            if (Current is null && form.Id.Length > 0 && config.Current.FindClient(form.Id) is not null)
            {
                ModelState.AddModelError("Form.Id", $"a client with the id '{form.Id}' already exists");
                return Page();
            }

            try
            {
                // An empty id gets the next free WS_CLIENT_N inside the change, as the admin API does.
                var client = form;
                await config.ChangeAsync(c => c.WithClient((client = DefaultIds.Assign(form, c)).Autofilled()), cancellationToken: HttpContext.RequestAborted);
                return Done($"Client {client.Id} saved{(client.Active ? " and connecting" : "")}.", new { id = client.Id });
            }
            catch (ConfigValidationException ex)
            {
                FormErrors.Add(ModelState, ex, nameof(Form), ClientForm.FieldNames, ClientForm.Rename);
            }
            catch (ConcurrentChangeException ex)
            {
                ModelState.AddModelError("", ex.Message);
            }
        }

        return Page();
    }

    /// <summary>"Autofill from URL": the URL's parts go into host, port, TLS, path and credentials; nothing is saved yet.</summary>
    public IActionResult OnPostAutofill()
    {
        if (!Load(resetForm: false))
        {
            return NotFound();
        }

        ModelState.Clear();
        if (!Form.TryAutofill(out var error))
        {
            ModelState.AddModelError("Form.Url", error);
        }

        return Page();
    }

    /// <summary>One handshake with the settings in the form (saved or not), closed straight away; the live client is untouched.</summary>
    public async Task<IActionResult> OnPostTestAsync()
    {
        if (!Load(resetForm: false))
        {
            return NotFound();
        }

        if (Check() is { } client)
        {
            TestResult = await connector.TestAsync(DefaultIds.Assign(client, config.Current), HttpContext.RequestAborted);
        }

        return Page();
    }

    public IActionResult OnPostConnect()
    {
        if (Id is null || clients.Find(Id) is not { } runtime)
        {
            return NotFound();
        }

        runtime.Start();
        return Done($"Client {runtime.Id} is connecting.", new { id = runtime.Id });
    }

    public async Task<IActionResult> OnPostDisconnectAsync()
    {
        if (Id is null || clients.Find(Id) is not { } runtime)
        {
            return NotFound();
        }

        await runtime.StopAsync();
        return Done($"Client {runtime.Id} disconnected.", new { id = runtime.Id });
    }

    public async Task<IActionResult> OnPostSendAsync()
    {
        if (Id is null || clients.Find(Id) is not { } runtime)
        {
            return NotFound();
        }

        if (string.IsNullOrEmpty(Message))
        {
            FlashError = "Type a message to send.";
            return RedirectToPage(new { id = runtime.Id });
        }

        var payload = Encoding.UTF8.GetBytes(Message);
        if (await runtime.SendAsync(payload, WebSocketMessageType.Text, HttpContext.RequestAborted))
        {
            return Done($"Sent {payload.Length} bytes on client {runtime.Id}.", new { id = runtime.Id });
        }

        FlashError = $"Not sent: client {runtime.Id} is not connected ({ClientStateText.Name(runtime.State)}){(runtime.Status.LastError is { } e ? ": " + e : "")}.";
        return RedirectToPage(new { id = runtime.Id });
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (Id is null || config.Current.FindClient(Id) is not { } existing)
        {
            return NotFound();
        }

        try
        {
            await config.ChangeAsync(c => c.WithoutClient(existing.Id), cancellationToken: HttpContext.RequestAborted);
        }
        catch (ConfigValidationException ex)
        {
            // Rules and bridges that name the client keep it: the whole change is refused.
            FlashError = $"Client {existing.Id} was not deleted: " + string.Join("; ", ex.Errors.Select(e => e.ToString()));
            return RedirectToPage(new { id = existing.Id });
        }

        Flash = $"Client {existing.Id} deleted; its connection was closed.";
        return RedirectToPage("/Console/Clients/Index");
    }

    /// <summary>The client the form describes, checked on its own so errors name its fields; null (with errors shown) when refused.</summary>
    /// <summary>The id a new client gets when the form leaves it empty.</summary>
    public string NextId => DefaultIds.Assign(new OutboundClientConfig(), config.Current).Id;

    private OutboundClientConfig? Check()
    {
        if (!ModelState.IsValid)
        {
            return null;
        }

        var client = Form.ToConfig(Current is null ? null : config.Current.FindClient(Current.Config.Id));
        // A new client without an id is checked as it will be created: with the next free WS_CLIENT_N.
        var errors = new ErrorSink();
        OutboundClientValidator.Validate(DefaultIds.Assign(client, config.Current), config.Current, errors);
        try
        {
            errors.ThrowIfAny();
            return client;
        }
        catch (ConfigValidationException ex)
        {
            FormErrors.Add(ModelState, ex, nameof(Form), ClientForm.FieldNames, ClientForm.Rename);
            return null;
        }
    }

    private bool Load(bool resetForm)
    {
        if (Id is null)
        {
            return true;
        }

        if (config.Current.FindClient(Id) is not { } existing)
        {
            return false;
        }

        Current = ClientView.From(existing, clients.Find(existing.Id));
        if (resetForm)
        {
            Form = ClientForm.From(existing);
        }

        return true;
    }
}
