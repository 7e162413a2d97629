using Microsoft.AspNetCore.Mvc.ModelBinding;
using WsGate.Admin.Console;
using WsGate.Configuration.Validation;

namespace WsGate.UnitTests.Admin.Console;

public sealed class FormErrorsTests
{
    private static readonly string[] Fields = ["Id", "Bindings", "Endpoints[1].Path", "Endpoints"];

    [Fact]
    public void Add_PathWithInput_ErrorOnThatInput()
    {
        var state = new ModelStateDictionary();
        FormErrors.Add(state, new ConfigValidationException("endpoints[1].path", "must begin with '/'"), "Form", Fields);

        Assert.Equal("must begin with '/'", Assert.Single(state["Form.Endpoints[1].Path"]!.Errors).ErrorMessage);
    }

    [Fact]
    public void Add_ListEntryOfTextArea_ErrorOnTextAreaNamingTheLine()
    {
        var state = new ModelStateDictionary();
        FormErrors.Add(state, new ConfigValidationException("bindings[2]", "port '99999' must be a number from 0 to 65535"), "Form", Fields);

        Assert.Equal("line 3: port '99999' must be a number from 0 to 65535", Assert.Single(state["Form.Bindings"]!.Errors).ErrorMessage);
    }

    [Fact]
    public void Add_PathWithoutInput_ErrorInSummaryWithItsPath()
    {
        var state = new ModelStateDictionary();
        FormErrors.Add(state, new ConfigValidationException("apis[0].listeners[0]", "no listener 'gone'"), "Form", Fields);

        Assert.Equal("apis[0].listeners[0]: no listener 'gone'", Assert.Single(state[""]!.Errors).ErrorMessage);
    }

    [Fact]
    public void Add_Renamed_ErrorOnTheFormsOwnInput()
    {
        var state = new ModelStateDictionary();
        FormErrors.Add(state, new ConfigValidationException("authentication.modes", "must list at least one mode"), "Form", ["AuthModes"], _ => "authModes");

        Assert.Single(state["Form.AuthModes"]!.Errors);
    }
}
