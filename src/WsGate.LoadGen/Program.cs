using WsGate.LoadGen.Cli;

return await LoadGenCommand.RunAsync(args);
