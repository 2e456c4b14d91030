import KomfyAccess
import KomfyEvents
import Testing

@Suite("Sliding windows: requests in the last minute")
struct SlidingWindowTests {
    static let second = Fixture.t0.millisecondsSinceEpoch / 1000

    @Test("a request counts for the 60 whole seconds starting with its own", arguments: [
        (0.0, 0.0, 1), (0.0, 59.999, 1), (0.0, 60.0, 0),
        (0.999, 59.999, 1), (0.999, 60.0, 0),
        (0.5, -0.5, 1), // another instance's clock ahead of ours: still counted
    ])
    func minuteEdges(_ requestAt: Double, _ now: Double, _ expected: Int) {
        var counter = SlidingWindowCounter<String>()
        counter.record("acme", at: Fixture.at(seconds: requestAt))
        #expect(counter.count(for: "acme", at: Fixture.at(seconds: now)) == expected)
        #expect(RequestWindow(requestTimes: [Fixture.at(seconds: requestAt)], at: Fixture.at(seconds: now)).total == expected)
    }

    @Test("each second keeps its own count, and each leaves on time")
    func perSecond() {
        var counter = SlidingWindowCounter<String>()
        for offset in 0..<90 {
            counter.record("acme", at: Fixture.at(seconds: Double(offset) + 0.5), count: offset.isMultiple(of: 2) ? 2 : 1)
        }
        // At S+89.9 the window is S+30 ... S+89: 30 even seconds (2 each) and 30 odd ones (1 each).
        #expect(counter.count(for: "acme", at: Fixture.at(seconds: 89.9)) == 90)
        let window = counter.window(for: "acme", at: Fixture.at(seconds: 89.9))
        #expect(window.counts.count == 60)
        #expect(window.counts.first == RequestWindow.Second(epochSecond: Self.second + 30, count: 2))
        #expect(window.counts.last == RequestWindow.Second(epochSecond: Self.second + 89, count: 1))
        // At S+120 the window is S+61 ... S+120: 14 even seconds and 15 odd ones left.
        #expect(counter.count(for: "acme", at: Fixture.at(seconds: 120)) == 14 * 2 + 15)
        #expect(counter.count(for: "acme", at: Fixture.at(seconds: 148.999)) == 1)
        #expect(counter.count(for: "acme", at: Fixture.at(seconds: 149)) == 0)
    }

    @Test("keys are counted apart")
    func keysApart() {
        var counter = SlidingWindowCounter<String>()
        counter.record("acme", at: Fixture.t0)
        counter.record("acme", at: Fixture.at(seconds: 1))
        counter.record("globex", at: Fixture.at(seconds: 2))
        #expect(counter.count(for: "acme", at: Fixture.at(seconds: 3)) == 2)
        #expect(counter.count(for: "globex", at: Fixture.at(seconds: 3)) == 1)
        #expect(counter.count(for: "initech", at: Fixture.at(seconds: 3)) == 0)
    }

    @Test("a request older than the window of the latest one is dropped; a late one within it counts")
    func lateRecords() {
        var counter = SlidingWindowCounter<String>()
        counter.record("acme", at: Fixture.at(seconds: 100))
        counter.record("acme", at: Fixture.at(seconds: 40))   // same bucket as S+100, a minute older
        counter.record("acme", at: Fixture.at(seconds: 41))   // within S+100's window
        #expect(counter.count(for: "acme", at: Fixture.at(seconds: 100)) == 2)
        #expect(counter.count(for: "acme", at: Fixture.at(seconds: 101)) == 1)
    }

    @Test("idle keys are swept, so memory follows the keys active in the last minute")
    func boundedMemory() {
        var counter = SlidingWindowCounter<Int>()
        for key in 0..<1000 {
            counter.record(key, at: Fixture.t0)
        }
        #expect(counter.trackedKeyCount == 1000)
        for _ in 0...1000 {
            counter.record(-1, at: Fixture.at(seconds: 60))
        }
        #expect(counter.trackedKeyCount == 1)
        #expect(counter.count(for: -1, at: Fixture.at(seconds: 60)) == 1001)

        counter.removeIdleKeys(at: Fixture.at(seconds: 120))
        #expect(counter.trackedKeyCount == 0)
    }

    @Test("windows from the log and the local counter add up, at the later end")
    func merging() {
        let now = Fixture.at(seconds: 30)
        let shared = RequestWindow(requestTimes: [Fixture.at(seconds: 1), Fixture.at(seconds: 1.5), Fixture.at(seconds: 20)], at: now)
        var counter = SlidingWindowCounter<String>()
        counter.record("acme", at: Fixture.at(seconds: 1.2))
        counter.record("acme", at: Fixture.at(seconds: 29))
        let merged = shared.merging(counter.window(for: "acme", at: now))
        #expect(merged.total == 5)
        #expect(merged.endSecond == Self.second + 30)
        #expect(merged.counts == [
            RequestWindow.Second(epochSecond: Self.second + 1, count: 3),
            RequestWindow.Second(epochSecond: Self.second + 20, count: 1),
            RequestWindow.Second(epochSecond: Self.second + 29, count: 1),
        ])
        #expect(merged.sliding(to: Fixture.at(seconds: 61)).total == 2)
        #expect(merged.merging(RequestWindow(at: Fixture.at(seconds: 80))).counts
            == [RequestWindow.Second(epochSecond: Self.second + 29, count: 1)])
    }

    @Test("times before 1970 fall in the second before, not after")
    func negativeTimes() {
        let justBefore = Timestamp(millisecondsSinceEpoch: -1)
        let window = RequestWindow(requestTimes: [justBefore], at: justBefore)
        #expect(window.counts == [RequestWindow.Second(epochSecond: -1, count: 1)])
        #expect(RequestWindow(requestTimes: [justBefore], at: Timestamp(millisecondsSinceEpoch: 59_000)).total == 0)
        #expect(RequestWindow(requestTimes: [justBefore], at: Timestamp(millisecondsSinceEpoch: 58_999)).total == 1)
    }
}
