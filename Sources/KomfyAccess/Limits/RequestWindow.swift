import KomfyEvents

/// A tenant's requests in the sliding minute up to a moment, counted per epoch second.
///
/// A request made during epoch second `s` counts for the 60 whole seconds `s ..< s + 60` and leaves
/// the window at the start of second `s + 60`: between 59 and 60 seconds after it was made. Whole
/// seconds make the window cheap to keep and merge, and match `X-RateLimit-Reset`, which is in
/// epoch seconds. Requests stamped after `now` (another instance's clock running ahead) count too.
///
/// Memory is bounded by the window, not the traffic: at most 60 entries whatever the request rate.
public struct RequestWindow: Sendable, Hashable {
    /// The window's length in seconds.
    public static let seconds: Int64 = 60

    /// The requests of one epoch second.
    public struct Second: Sendable, Hashable {
        public var epochSecond: Int64
        public var count: Int

        public init(epochSecond: Int64, count: Int) {
            self.epochSecond = epochSecond
            self.count = count
        }
    }

    /// The epoch second of the moment the window ends at.
    public private(set) var endSecond: Int64
    /// Seconds with requests, oldest first.
    public private(set) var counts: [Second]

    /// No requests, at `now`.
    public init(at now: Timestamp) {
        self.init(endSecond: now.epochSecond, counts: [])
    }

    /// The requests made at `requestTimes` that are still in the window at `now`; older ones are left out.
    public init(requestTimes: some Sequence<Timestamp>, at now: Timestamp) {
        var bySecond: [Int64: Int] = [:]
        for time in requestTimes {
            bySecond[time.epochSecond, default: 0] += 1
        }
        self.init(endSecond: now.epochSecond,
                  counts: bySecond.map { Second(epochSecond: $0.key, count: $0.value) })
    }

    init(endSecond: Int64, counts: [Second]) {
        self.endSecond = endSecond
        let oldest = endSecond - Self.seconds
        self.counts = counts.filter { $0.epochSecond > oldest && $0.count > 0 }.sorted { $0.epochSecond < $1.epochSecond }
    }

    /// The number of requests in the window.
    public var total: Int { counts.reduce(0) { $0 + $1.count } }

    /// Both windows' requests, ending at the later of the two ends. The two must count different
    /// requests: a request in both is counted twice.
    public func merging(_ other: RequestWindow) -> RequestWindow {
        // Both lists are sorted by second: merge them in one pass (this runs for every request).
        var merged: [Second] = []
        merged.reserveCapacity(counts.count + other.counts.count)
        var mine = counts[...]
        var theirs = other.counts[...]
        while let left = mine.first, let right = theirs.first {
            if left.epochSecond == right.epochSecond {
                merged.append(Second(epochSecond: left.epochSecond, count: left.count + right.count))
                mine.removeFirst()
                theirs.removeFirst()
            } else if left.epochSecond < right.epochSecond {
                merged.append(left)
                mine.removeFirst()
            } else {
                merged.append(right)
                theirs.removeFirst()
            }
        }
        merged.append(contentsOf: mine)
        merged.append(contentsOf: theirs)
        return RequestWindow(endSecond: max(endSecond, other.endSecond), counts: merged)
    }

    /// The same requests, seen from `now`: the ones that have left the window since are dropped.
    public func sliding(to now: Timestamp) -> RequestWindow {
        RequestWindow(endSecond: max(endSecond, now.epochSecond), counts: counts)
    }

    /// The epoch second from which at most `count` of these requests are still in the window.
    func epochSecond(whenAtMost count: Int) -> Int64 {
        var remaining = total
        guard remaining > count else { return endSecond }
        for second in counts {
            remaining -= second.count
            if remaining <= count { return second.epochSecond + Self.seconds }
        }
        return endSecond
    }
}

extension Timestamp {
    /// The epoch second this moment falls in (rounded towards the past, also before 1970).
    var epochSecond: Int64 {
        let (quotient, remainder) = millisecondsSinceEpoch.quotientAndRemainder(dividingBy: 1000)
        return remainder < 0 ? quotient - 1 : quotient
    }
}
