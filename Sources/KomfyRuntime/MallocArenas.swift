import CMalloc
import Foundation

/// How many allocation arenas glibc's malloc may keep, set once when `komfy` starts.
///
/// glibc gives a thread that meets a busy arena an arena of its own, up to eight per core. Each
/// arena beyond the first grows in 64 MiB heaps, and a heap that becomes entirely free is unmapped
/// at once, whatever the trim threshold says. librdkafka's broker threads allocate a buffer of
/// ~2.4 MB per fetch response in their own arena: measured with strace on a consumer reading 1 KiB
/// job events, its arena mapped a new 64 MiB heap for nearly every fetch and unmapped it when the
/// buffer was freed, ~30 times a second, so every fetched byte was written into a freshly faulted,
/// zeroed page (~280 page faults per 1,000 records, `clear_page` ~13% of the process's samples).
/// With two arenas the threads share heaps that never empty, and the same consumer faults ~0 times
/// per 1,000 records and spends ~12% less CPU per record (docs/kafka.md, 2026-12-02).
///
/// Two arenas on Komfy's two-core machines: small allocations (up to 1 KiB) stay in glibc's
/// per-thread caches without any lock, so sharing arenas costs little contention.
public enum MallocArenas {
    /// Default: 2.
    public static let defaultLimit = 2

    /// Applies `limit` unless the operator chose already (`MALLOC_ARENA_MAX`, or `arena_max` in
    /// `GLIBC_TUNABLES`), which glibc then honours as usual. Call before the process starts threads:
    /// threads that already have an arena keep it. Returns the limit applied, or nil.
    @discardableResult
    public static func limit(to limit: Int = defaultLimit,
                             environment: [String: String] = ProcessInfo.processInfo.environment) -> Int? {
        guard !operatorChose(environment) else { return nil }
        return mallopt(M_ARENA_MAX, Int32(limit)) == 1 ? limit : nil
    }

    /// The arenas glibc has made so far, from `malloc_info` (one `<heap nr=...>` element each).
    static func count() -> Int? {
        var buffer: UnsafeMutablePointer<CChar>?
        var size = 0
        guard let stream = open_memstream(&buffer, &size) else { return nil }
        let status = malloc_info(0, stream)
        fclose(stream)
        defer { free(buffer) }
        guard status == 0, let buffer else { return nil }
        return String(cString: buffer).components(separatedBy: "<heap nr=").count - 1
    }

    /// Whether the environment sets glibc's arena limit itself.
    static func operatorChose(_ environment: [String: String]) -> Bool {
        if environment["MALLOC_ARENA_MAX"] != nil { return true }
        return environment["GLIBC_TUNABLES"]?.split(separator: ":").contains { $0.hasPrefix("glibc.malloc.arena_max=") } ?? false
    }
}
