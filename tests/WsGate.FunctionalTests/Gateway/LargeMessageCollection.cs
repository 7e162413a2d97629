namespace WsGate.FunctionalTests.Gateway;

/// <summary>Runs <see cref="LargeMessageTests"/> after the parallel tests, with nothing else in the process allocating.</summary>
[CollectionDefinition(LargeMessageTests.CollectionName, DisableParallelization = true)]
public sealed class LargeMessageCollection;
