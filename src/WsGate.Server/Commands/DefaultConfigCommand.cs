using System.CommandLine;
using WsGate.Configuration;

namespace WsGate.Server.Commands;

/// <summary><c>wsgate default-config</c>: prints the configuration a first start creates, as YAML to edit and import.</summary>
internal static class DefaultConfigCommand
{
    public static Command Create()
    {
        var command = new Command("default-config", "Print the default configuration (a first start's) as YAML.");
        command.SetAction(_ =>
        {
            var config = new GatewayConfig
            {
                Listeners =
                [
                    new ListenerConfig
                    {
                        Id = "default",
                        Alias = "default",
                        Description = "Created on first start: echo and channel endpoints",
                        Bindings = ["127.0.0.1:8080"],
                        Endpoints =
                        [
                            new EndpointConfig { Path = "/echo", Kind = EndpointKind.Echo },
                            new EndpointConfig { Path = "/channel", Kind = EndpointKind.Channel },
                        ],
                    },
                ],
            };
            Console.Write(ConfigSerializer.ToYaml(
                config,
                "WsGate default configuration. Every field is described in docs/configuration.md.\nImport with: wsgate config import FILE (or POST /api/v1/config/import); check with: wsgate check-config FILE"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
