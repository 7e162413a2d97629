using System.Runtime.InteropServices;

namespace WsGate.Identity;

/// <summary>
/// The few calls of Linux-PAM (<c>libpam.so.0</c>, package libpam0g) that check a password. Hand-written because no
/// maintained .NET PAM library is available to this build (none is in the package list it restores from); the calls
/// are the stable C API of <c>security/pam_appl.h</c>.
/// </summary>
internal static unsafe partial class PamNative
{
    public const int Success = 0;
    public const int ConversationError = 19;
    public const int PromptEchoOff = 1;
    public const int PromptEchoOn = 2;

    /// <summary>PAM_SILENT: modules print nothing.</summary>
    public const int Silent = 0x8000;

    /// <summary>PAM_DISALLOW_NULL_AUTHTOK: an account without a password never signs in.</summary>
    public const int DisallowNullAuthToken = 0x0001;

    private const string Library = "libpam.so.0";

    [LibraryImport(Library, EntryPoint = "pam_start", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Start(string service, string user, Conversation* conversation, out nint handle);

    [LibraryImport(Library, EntryPoint = "pam_authenticate")]
    public static partial int Authenticate(nint handle, int flags);

    [LibraryImport(Library, EntryPoint = "pam_acct_mgmt")]
    public static partial int AccountManagement(nint handle, int flags);

    [LibraryImport(Library, EntryPoint = "pam_end")]
    public static partial int End(nint handle, int status);

    [LibraryImport(Library, EntryPoint = "pam_strerror")]
    public static partial nint StrError(nint handle, int error);

    /// <summary><c>struct pam_conv</c>: the callback that answers the modules' prompts, and its context.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Conversation
    {
        public delegate* unmanaged<int, nint, nint*, nint, int> Converse;
        public nint Context;
    }

    /// <summary><c>struct pam_message</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Message
    {
        public int Style;
        public nint Text;
    }

    /// <summary><c>struct pam_response</c>; the array and each answer are malloc'd here and freed by PAM.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Response
    {
        public nint Text;
        public int ReturnCode;
    }
}
