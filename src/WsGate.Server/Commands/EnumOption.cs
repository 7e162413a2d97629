using System.CommandLine;

namespace WsGate.Server.Commands;

/// <summary>
/// An option whose value is one of an enum's names, in any case. A wrong value is reported with the accepted names
/// (System.CommandLine's own message names the .NET type instead), and numbers are refused rather than cast.
/// </summary>
internal static class EnumOption
{
    public static Option<T> Create<T>(string name, string description, T defaultValue)
        where T : struct, Enum => new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
                var match = Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, token, StringComparison.OrdinalIgnoreCase));
                if (match is null)
                {
                    result.AddError($"{name}: '{token}' is not one of {string.Join(", ", Enum.GetNames<T>())}");
                    return defaultValue;
                }

                return Enum.Parse<T>(match);
            },
        };
}
