import KomfyEvents

/// Counts events per key over the last 60 seconds, in bounded memory, with the time passed in.
///
/// Used by ingest for the requests it let through itself (see `TenantUsage`). Each key has a ring of
/// 60 one-second buckets, so recording is O(1) and a key costs the same memory at 1 request per minute
/// as at 10 000. Keys with nothing in the window are swept out every `max(64, keys)` records, which
/// is O(1) amortised per record and keeps the table to roughly the keys active in the last minute.
///
/// Seconds are counted as in `RequestWindow`: an event made during second `s` counts until second
/// `s + 60` starts. An event older than the window of the latest one recorded for its key is dropped.
public struct SlidingWindowCounter<Key: Hashable & Sendable>: Sendable {
    private var rings: [Key: SecondRing] = [:]
    private var recordsSinceSweep = 0
    private static var minimumSweepInterval: Int { 64 }

    public init() {}

    /// Counts `count` events of `key` at `time`.
    public mutating func record(_ key: Key, at time: Timestamp, count: Int = 1) {
        rings[key, default: SecondRing()].add(count, atSecond: time.epochSecond)
        recordsSinceSweep += 1
        if recordsSinceSweep >= max(Self.minimumSweepInterval, rings.count) {
            removeIdleKeys(at: time)
        }
    }

    /// The number of events of `key` in the window at `now`.
    public func count(for key: Key, at now: Timestamp) -> Int {
        window(for: key, at: now).total
    }

    /// The events of `key` in the window at `now`, per second.
    public func window(for key: Key, at now: Timestamp) -> RequestWindow {
        RequestWindow(endSecond: now.epochSecond, counts: rings[key]?.seconds ?? [])
    }

    /// The number of keys held, idle ones not yet swept included.
    public var trackedKeyCount: Int { rings.count }

    /// Forgets the keys with nothing in the window at `now`.
    public mutating func removeIdleKeys(at now: Timestamp) {
        let oldest = now.epochSecond - RequestWindow.seconds
        rings = rings.filter { $0.value.latestSecond > oldest }
        recordsSinceSweep = 0
    }
}

/// 60 one-second buckets, indexed by epoch second modulo 60. A bucket holding an older second than
/// the one written is reused: that second has left every window the newer one is in.
private struct SecondRing: Sendable {
    private var bucketSeconds = [Int64](repeating: .min, count: Int(RequestWindow.seconds))
    private var bucketCounts = [Int](repeating: 0, count: Int(RequestWindow.seconds))
    private(set) var latestSecond: Int64 = .min

    mutating func add(_ count: Int, atSecond second: Int64) {
        let index = Int(((second % RequestWindow.seconds) + RequestWindow.seconds) % RequestWindow.seconds)
        if bucketSeconds[index] == second {
            bucketCounts[index] += count
        } else if bucketSeconds[index] < second {
            bucketSeconds[index] = second
            bucketCounts[index] = count
        } else {
            return
        }
        latestSecond = max(latestSecond, second)
    }

    var seconds: [RequestWindow.Second] {
        zip(bucketSeconds, bucketCounts).compactMap { second, count in
            count > 0 ? RequestWindow.Second(epochSecond: second, count: count) : nil
        }
    }
}
