import KomfyAccess
import KomfyEvents
import Testing

@Suite("Limit decisions")
struct LimitDecisionTests {
    /// Small limits make every boundary a short list: 5 requests a minute, 2 running, 3 waiting.
    static let limits = PlanLimits(requestsPerMinute: 5, concurrentJobs: 2, queueDepth: 3)
    /// The epoch second of `Fixture.t0`; the decision is made at S + 30.250 s.
    static let second = Fixture.t0.millisecondsSinceEpoch / 1000
    static let now = Fixture.at(seconds: 30.25)

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var kind: RequestKind = .submission
        var limits: PlanLimits = LimitDecisionTests.limits
        /// Request times as seconds after S.
        var requests: [Double] = []
        var running = 0
        var queued = 0
        var verdict: LimitDecision.Verdict
        var remaining: Int
        /// `X-RateLimit-Reset` as seconds after S.
        var reset: Int64
        var retryAfter: Int?

        var description: String { name }
    }

    @Test("every boundary", arguments: [
        Case(name: "nothing used", verdict: .allowed, remaining: 4, reset: 90),
        Case(name: "one under the rate limit", requests: [0, 1, 2, 3], verdict: .allowed, remaining: 0, reset: 60),
        Case(name: "at the rate limit", requests: [0, 1, 2, 3, 4],
             verdict: .rateLimitExceeded, remaining: 0, reset: 60, retryAfter: 30),
        Case(name: "over the rate limit (instances raced): wait for enough to leave", requests: [0, 0, 1, 2, 3, 4, 5],
             verdict: .rateLimitExceeded, remaining: 0, reset: 61, retryAfter: 31),
        Case(name: "the oldest request leaves within the second: wait one second", requests: [-29, -29, -29, -29, -29],
             verdict: .rateLimitExceeded, remaining: 0, reset: 31, retryAfter: 1),
        Case(name: "requests from second S-30 have left the window at S+30", requests: [-30, -30, -30, -30, -30.001],
             verdict: .allowed, remaining: 4, reset: 90),
        Case(name: "reads count towards the rate limit", kind: .other, requests: [0, 1, 2, 3, 4],
             verdict: .rateLimitExceeded, remaining: 0, reset: 60, retryAfter: 30),
        Case(name: "a limit of 0 refuses everything for a minute", limits: PlanLimits(requestsPerMinute: 0, concurrentJobs: 2, queueDepth: 3),
             verdict: .rateLimitExceeded, remaining: 0, reset: 90, retryAfter: 60),
        Case(name: "one under the queue depth", queued: 2, verdict: .allowed, remaining: 4, reset: 90),
        Case(name: "at the queue depth", queued: 3, verdict: .queueFull, remaining: 5, reset: 90, retryAfter: 10),
        Case(name: "over the queue depth", requests: [10], queued: 7, verdict: .queueFull, remaining: 4, reset: 70, retryAfter: 10),
        Case(name: "a full queue does not stop reads", kind: .other, queued: 3, verdict: .allowed, remaining: 4, reset: 90),
        Case(name: "the rate limit is checked before the queue", requests: [0, 1, 2, 3, 4], queued: 3,
             verdict: .rateLimitExceeded, remaining: 0, reset: 60, retryAfter: 30),
        Case(name: "at the concurrency limit a job is still accepted (it waits)", running: 2,
             verdict: .allowed, remaining: 4, reset: 90),
        Case(name: "far over the concurrency limit a job is still accepted", running: 9, queued: 2,
             verdict: .allowed, remaining: 4, reset: 90),
    ])
    func boundary(_ test: Case) {
        let usage = TenantUsage(
            running: test.running, queued: test.queued,
            recentRequests: RequestWindow(requestTimes: test.requests.map { Fixture.at(seconds: $0) }, at: Self.now))
        let decision = LimitDecision.decide(test.kind, limits: test.limits, usage: usage, at: Self.now)
        #expect(decision.verdict == test.verdict)
        #expect(decision.isAllowed == (test.verdict == .allowed))
        #expect(decision.retryAfterSeconds == test.retryAfter)
        #expect(decision.headers == LimitHeaders(
            rateLimit: test.limits.requestsPerMinute, rateLimitRemaining: test.remaining,
            rateLimitReset: Self.second + test.reset, concurrentLimit: test.limits.concurrentJobs,
            concurrentRunning: test.running, queueLimit: test.limits.queueDepth, queueDepth: test.queued,
            retryAfter: test.retryAfter))
        switch test.verdict {
        case .allowed: #expect(decision.error == nil)
        case .rateLimitExceeded: #expect(decision.error?.code == .rateLimitExceeded)
        case .queueFull: #expect(decision.error?.code == .queueFull)
        }
        #expect(decision.error?.retryAfter == test.retryAfter)
        #expect(decision.error?.code.httpStatus == (test.verdict == .allowed ? nil : 429))
    }

    @Test("the headers are written with their names, Retry-After only when refused")
    func headerFields() {
        let refused = LimitDecision.decide(
            .submission, limits: Self.limits,
            usage: TenantUsage(running: 1, queued: 3, recentRequests: RequestWindow(at: Self.now)), at: Self.now)
        #expect(refused.headers.fields.map { "\($0.name): \($0.value)" } == [
            "X-RateLimit-Limit: 5", "X-RateLimit-Remaining: 5", "X-RateLimit-Reset: \(Self.second + 90)",
            "X-Concurrent-Limit: 2", "X-Concurrent-Running: 1", "X-Queue-Limit: 3", "X-Queue-Depth: 3",
            "Retry-After: 10",
        ])
        let allowed = LimitDecision.decide(
            .other, limits: Self.limits,
            usage: TenantUsage(running: 1, queued: 3, recentRequests: RequestWindow(at: Self.now)), at: Self.now)
        #expect(allowed.headers.fields.map(\.name) == [
            "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-Concurrent-Limit",
            "X-Concurrent-Running", "X-Queue-Limit", "X-Queue-Depth",
        ])
    }

    @Test("the refusal messages say the limit and what to do")
    func messages() {
        let full = RequestWindow(requestTimes: (0..<5).map { Fixture.at(seconds: Double($0)) }, at: Self.now)
        let rate = LimitDecision.decide(.other, limits: Self.limits,
                                        usage: TenantUsage(running: 0, queued: 0, recentRequests: full), at: Self.now)
        #expect(rate.error?.message
            == "Rate limit of 5 requests per minute exceeded. Retry after 30 seconds, or upgrade your plan.")
        let queue = LimitDecision.decide(.submission, limits: Self.limits,
                                         usage: TenantUsage(running: 0, queued: 3, recentRequests: RequestWindow(at: Self.now)),
                                         at: Self.now)
        #expect(queue.error?.message
            == "You already have 3 jobs waiting, the limit of your plan. Retry when some have started, or cancel jobs you no longer need.")
        #expect(queue.error?.code.rawValue == "queue_full")
        #expect(rate.error?.code.rawValue == "rate_limit_exceeded")
    }

    @Test("a window built earlier is slid to the decision's time")
    func staleWindowSlides() {
        let window = RequestWindow(requestTimes: (0..<5).map { Fixture.at(seconds: Double($0)) }, at: Fixture.at(seconds: 5))
        let later = Fixture.at(seconds: 62)
        let decision = LimitDecision.decide(.other, limits: Self.limits,
                                            usage: TenantUsage(running: 0, queued: 0, recentRequests: window), at: later)
        // S+0, S+1 and S+2 have left by S+62; two remain, and this request makes three.
        #expect(decision.verdict == .allowed)
        #expect(decision.headers.rateLimitRemaining == 2)
        #expect(decision.headers.rateLimitReset == Self.second + 63)
    }
}
