using WsGate.Identity;

namespace WsGate.UnitTests.Identity;

public sealed class PkceTests
{
    // RFC 7636 appendix B: the example verifier and its S256 challenge.
    private const string RfcVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private const string RfcChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    [Fact]
    public void Challenge_Rfc7636AppendixB_MatchesTheRfcValue() => Assert.Equal(RfcChallenge, Pkce.Challenge(RfcVerifier));

    [Fact]
    public void Matches_RightVerifier_IsTrue() => Assert.True(Pkce.Matches(RfcVerifier, RfcChallenge));

    [Theory]
    [InlineData("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK")]
    [InlineData(RfcChallenge)]
    [InlineData("")]
    [InlineData(null)]
    public void Matches_WrongOrMissingVerifier_IsFalse(string? verifier) => Assert.False(Pkce.Matches(verifier, RfcChallenge));

    [Fact]
    public void Matches_VerifierGivenAsThePlainChallenge_IsFalse()
    {
        // "plain" would compare the verifier with the challenge itself; S256 never does.
        var verifier = new string('a', 43);

        Assert.False(Pkce.Matches(verifier, verifier));
    }

    [Theory]
    [InlineData(42, 'a', false)]
    [InlineData(43, 'a', true)]
    [InlineData(128, '~', true)]
    [InlineData(129, 'a', false)]
    [InlineData(50, '+', false)]
    [InlineData(50, '/', false)]
    [InlineData(50, '=', false)]
    public void IsValidVerifier_LengthAndAlphabet_FollowsRfc7636(int length, char character, bool valid) =>
        Assert.Equal(valid, Pkce.IsValidVerifier(new string(character, length)));

    [Theory]
    [InlineData(RfcChallenge, true)]
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM=", false)]
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM", false)]
    [InlineData("short", false)]
    [InlineData(null, false)]
    public void IsValidChallenge_S256Shape_Only43Base64UrlCharacters(string? challenge, bool valid) => Assert.Equal(valid, Pkce.IsValidChallenge(challenge));
}
