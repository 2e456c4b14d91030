#if canImport(Glibc)
@preconcurrency import Glibc
#endif

enum Console {
    /// Progress lines appear as they are printed, also when the output is a pipe or a file.
    static func lineBuffered() {
        setvbuf(stdout, nil, _IOLBF, 0)
    }
}
