/* Test scaffolding, not product code: a bcryptprimitives.dll for Wine prefixes whose Wine
 * (Debian 12's Wine 8) lacks ProcessPrng. Rust's standard library (1.78 and later) calls
 * ProcessPrng at start-up, so without it every .exe fails to load (status c0000135).
 * Built by .ci/wine/setup with mingw; forwards to RtlGenRandom (SystemFunction036). */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
