using WsGate.Identity;

namespace WsGate.UnitTests.Identity;

public sealed class PasswordHasherTests
{
    // PBKDF2 at the default 600,000 iterations takes a noticeable fraction of a second; only one test pays for it.
    private const int FastIterations = 1_000;

    [Fact]
    public void Verify_RightPassword_IsTrue()
    {
        var hash = PasswordHasher.Hash("correct horse", FastIterations);

        Assert.True(PasswordHasher.Verify("correct horse", hash));
    }

    [Theory]
    [InlineData("correct hors")]
    [InlineData("Correct horse")]
    [InlineData("")]
    public void Verify_WrongPassword_IsFalse(string password)
    {
        var hash = PasswordHasher.Hash("correct horse", FastIterations);

        Assert.False(PasswordHasher.Verify(password, hash));
    }

    [Fact]
    public void Hash_Format_IsSchemeIterationsSaltHash()
    {
        var parts = PasswordHasher.Hash("pw", FastIterations).Split('$');

        Assert.Equal(4, parts.Length);
        Assert.Equal("pbkdf2-sha256", parts[0]);
        Assert.Equal("1000", parts[1]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
    }

    [Fact]
    public void Hash_SamePasswordTwice_UsesDifferentSalts()
    {
        var first = PasswordHasher.Hash("same", FastIterations);
        var second = PasswordHasher.Hash("same", FastIterations);

        Assert.NotEqual(first.Split('$')[2], second.Split('$')[2]);
        Assert.NotEqual(first, second);
        Assert.True(PasswordHasher.Verify("same", first));
        Assert.True(PasswordHasher.Verify("same", second));
    }

    [Fact]
    public void Verify_TamperedHashBytes_IsFalse()
    {
        var parts = PasswordHasher.Hash("pw", FastIterations).Split('$');
        var bytes = Convert.FromBase64String(parts[3]);
        bytes[0] ^= 0x01;
        parts[3] = Convert.ToBase64String(bytes);

        Assert.False(PasswordHasher.Verify("pw", string.Join('$', parts)));
    }

    [Fact]
    public void Verify_TamperedSalt_IsFalse()
    {
        var parts = PasswordHasher.Hash("pw", FastIterations).Split('$');
        var salt = Convert.FromBase64String(parts[2]);
        salt[^1] ^= 0x80;
        parts[2] = Convert.ToBase64String(salt);

        Assert.False(PasswordHasher.Verify("pw", string.Join('$', parts)));
    }

    [Fact]
    public void Verify_TamperedIterations_IsFalse()
    {
        var parts = PasswordHasher.Hash("pw", FastIterations).Split('$');
        parts[1] = "1001";

        Assert.False(PasswordHasher.Verify("pw", string.Join('$', parts)));
    }

    [Theory]
    [InlineData("bcrypt$1000$c2FsdA==$aGFzaA==")]
    [InlineData("PBKDF2-SHA256$1000$c2FsdA==$aGFzaA==")]
    [InlineData("plaintext")]
    [InlineData("")]
    public void Verify_UnknownScheme_IsFalse(string encoded)
    {
        Assert.False(PasswordHasher.Verify("pw", encoded));
    }

    [Theory]
    [InlineData("pbkdf2-sha256$0$c2FsdA==$aGFzaA==")]
    [InlineData("pbkdf2-sha256$-5$c2FsdA==$aGFzaA==")]
    [InlineData("pbkdf2-sha256$many$c2FsdA==$aGFzaA==")]
    [InlineData("pbkdf2-sha256$1000$not base64!$aGFzaA==")]
    [InlineData("pbkdf2-sha256$1000$c2FsdA==$not base64!")]
    [InlineData("pbkdf2-sha256$1000$c2FsdA==")]
    [InlineData("pbkdf2-sha256$1000$c2FsdA==$aGFzaA==$extra")]
    [InlineData("pbkdf2-sha256$1000$c2FsdA==$")]
    [InlineData("pbkdf2-sha256$1$$")]
    public void Verify_MalformedHash_IsFalse(string encoded)
    {
        Assert.False(PasswordHasher.Verify("pw", encoded));
    }

    [Fact]
    public void Verify_TruncatedHash_IsFalse()
    {
        var parts = PasswordHasher.Hash("pw", FastIterations).Split('$');
        parts[3] = Convert.ToBase64String(Convert.FromBase64String(parts[3])[..4]);

        Assert.False(PasswordHasher.Verify("pw", string.Join('$', parts)));
    }

    [Fact]
    public void Hash_DefaultIterations_Verifies()
    {
        var hash = PasswordHasher.Hash("the default");

        Assert.Equal("600000", hash.Split('$')[1]);
        Assert.True(PasswordHasher.Verify("the default", hash));
    }

    [Fact]
    public void GeneratePassword_Length_IsUnambiguousCharacters()
    {
        var password = PasswordHasher.GeneratePassword(40);

        Assert.Equal(40, password.Length);
        Assert.DoesNotContain(password, c => "0O1lI".Contains(c, StringComparison.Ordinal));
    }
}
