using System.Runtime.InteropServices;

namespace WsGate.Identity;

/// <summary>
/// The system's user and group database through glibc (<c>getpwnam_r</c>, <c>getgrouplist</c>, <c>getgrgid_r</c>), so
/// groups come from wherever NSS is configured to look (files, LDAP, SSSD), not from /etc/group parsed by hand.
/// </summary>
internal static unsafe partial class LibCNative
{
    public const int RangeError = 34;

    private const string Library = "libc.so.6";

    [LibraryImport(Library, EntryPoint = "getpwnam_r", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int GetPasswordByName(string name, Passwd* entry, byte* buffer, nuint length, Passwd** result);

    [LibraryImport(Library, EntryPoint = "getgrouplist", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int GetGroupList(string user, uint group, uint* groups, int* count);

    [LibraryImport(Library, EntryPoint = "getgrgid_r")]
    public static partial int GetGroupById(uint gid, Group* entry, byte* buffer, nuint length, Group** result);

    /// <summary><c>struct passwd</c> (glibc).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Passwd
    {
        public nint Name;
        public nint Password;
        public uint Uid;
        public uint Gid;
        public nint Gecos;
        public nint Directory;
        public nint Shell;
    }

    /// <summary><c>struct group</c> (glibc).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Group
    {
        public nint Name;
        public nint Password;
        public uint Gid;
        public nint Members;
    }
}
