import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Random (version 4) and time-ordered (version 7) UUIDs for hot paths: a new job's id, a request id.
///
/// On Linux, Foundation's `UUID()` opens /dev/urandom, reads 16 bytes and closes it again for every
/// id: three system calls per id, ~1.3% of ingest's CPU under load for the open alone. Here the bytes
/// come from the same device, kept open and read 4 KiB at a time, handed out 16 at a time under a
/// lock; nothing else about the ids changes.
public enum RandomUUID {
    public static func make() -> UUID {
        var bytes = pool.withLock { $0.take16() }
        bytes.6 = (bytes.6 & 0x0F) | 0x40
        bytes.8 = (bytes.8 & 0x3F) | 0x80
        return UUID(uuid: bytes)
    }

    /// A version-7 UUID (RFC 9562): the Unix time in milliseconds in its first 48 bits, then 74
    /// random bits around the version and variant. Ids made later sort after earlier ones, as bytes
    /// and as lowercase strings (within one millisecond, in random order), so a table keyed by them
    /// takes each new row at its end instead of on a random page of its b-tree.
    public static func makeTimeOrdered(millisecondsSinceEpoch milliseconds: Int64) -> UUID {
        var bytes = pool.withLock { $0.take16() }
        let time = UInt64(clamping: max(0, milliseconds)) & 0xFFFF_FFFF_FFFF
        bytes.0 = UInt8(truncatingIfNeeded: time >> 40)
        bytes.1 = UInt8(truncatingIfNeeded: time >> 32)
        bytes.2 = UInt8(truncatingIfNeeded: time >> 24)
        bytes.3 = UInt8(truncatingIfNeeded: time >> 16)
        bytes.4 = UInt8(truncatingIfNeeded: time >> 8)
        bytes.5 = UInt8(truncatingIfNeeded: time)
        bytes.6 = (bytes.6 & 0x0F) | 0x70
        bytes.8 = (bytes.8 & 0x3F) | 0x80
        return UUID(uuid: bytes)
    }

    private static let pool = Mutex(RandomPool())

    private struct RandomPool: ~Copyable {
        static let size = 4096
        private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        private var used = size

        deinit { buffer.deallocate() }

        mutating func take16() -> uuid_t {
            if used + 16 > Self.size {
                Self.fill(buffer)
                used = 0
            }
            defer { used += 16 }
            return buffer.loadUnaligned(fromByteOffset: used, as: uuid_t.self)
        }

        /// /dev/urandom, opened once for the process's lifetime; -1 if it cannot be.
        private static let urandom: Int32 = open("/dev/urandom", O_RDONLY | O_CLOEXEC)

        private static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
            var filled = 0
            while urandom >= 0, filled < buffer.count {
                let count = read(urandom, buffer.baseAddress! + filled, buffer.count - filled)
                if count > 0 { filled += count } else if count == 0 || errno != EINTR { break }
            }
            if filled == buffer.count { return }
            // Without /dev/urandom, the generator the standard library uses (also the kernel's).
            var generator = SystemRandomNumberGenerator()
            for offset in stride(from: 0, to: buffer.count, by: 8) {
                buffer.storeBytes(of: generator.next() as UInt64, toByteOffset: offset, as: UInt64.self)
            }
        }
    }
}
