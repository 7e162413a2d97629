namespace WsGate.FunctionalTests.Throttling;

[CollectionDefinition(ThrottlingFixture.Collection)]
public sealed class ThrottlingCollection : ICollectionFixture<ThrottlingFixture>;
