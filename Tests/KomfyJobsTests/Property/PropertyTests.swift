import KomfyEvents
import KomfyJobs
import Testing

@Suite("Random valid logs")
struct PropertyTests {
    static let cases: UInt64 = 500

    /// Redelivery must not matter: a log with repeated events folds to exactly the state of the log
    /// without them, and both reach what the stages meant.
    @Test("Duplicates change nothing and invariants hold")
    func randomLogs() throws {
        var totals = (events: 0, ignored: 0, duplicates: 0)
        var endings: [JobPhase: Int] = [:]
        for seed in 1...Self.cases {
            var generated = RandomJobLog(seed: seed)
            let withDuplicates = generated.withDuplicates()
            let expected = generated.expected

            let state = try #require(JobState.fold(generated.events), "seed \(seed)")
            var stepwise: JobState?
            var outcomes: [JobState.Outcome] = []
            for envelope in withDuplicates {
                outcomes.append(JobState.apply(envelope, to: &stepwise))
                if let stepwise { try checkInvariants(stepwise, seed: seed) }
            }

            try #require(stepwise == state, "seed \(seed): duplicates changed the state")
            try #require(outcomes.filter { $0 == .duplicate }.count == withDuplicates.count - generated.events.count,
                         "seed \(seed)")
            try #require(state.phase == expected.phase, "seed \(seed)")
            try #require(state.cancelledInPhase == expected.cancelledInPhase, "seed \(seed)")
            try #require(state.expiredAttempts.map(\.executorID) == expected.expiredExecutors, "seed \(seed)")
            try #require(state.claim?.executorID == expected.claimHolder, "seed \(seed)")
            try #require(state.webhook == expected.webhook, "seed \(seed)")
            try #require(state.seenEventIDs == Set(generated.events.map(\.id)), "seed \(seed)")

            totals.events += withDuplicates.count
            totals.ignored += outcomes.filter { if case .ignored = $0 { true } else { false } }.count
            totals.duplicates += withDuplicates.count - generated.events.count
            endings[state.phase, default: 0] += 1
        }
        // The generator must reach every ending and produce ignored events, or the test proves little.
        #expect(Set(endings.keys) == [.completed, .failed, .cancelled], "\(endings)")
        #expect(totals.ignored > Int(Self.cases), "\(totals)")
        #expect(totals.duplicates > Int(Self.cases), "\(totals)")
    }

    @Test("The generator is deterministic")
    func deterministic() {
        #expect(RandomJobLog(seed: 42).events == RandomJobLog(seed: 42).events)
        #expect(RandomJobLog(seed: 42).events != RandomJobLog(seed: 43).events)
    }

    /// What must hold after every event, whatever the log. Stops the test at the first broken one.
    func checkInvariants(_ state: JobState, seed: UInt64) throws {
        let context: Comment = "seed \(seed), after \(state.appliedEventCount) applied events, in \(state.phase)"
        let phase = state.phase
        try #require(state.status == phase.status, context)
        try #require(state.isTerminal == (state.completedAt != nil), context)
        switch phase {
        case .validating, .fetchingModels, .ready:
            try #require(state.claim == nil, context)
        case .claimed, .running, .uploading:
            try #require(state.claim?.attempt == state.nextAttempt, context)
        case .completed, .failed, .cancelled:
            break
        }
        try #require((state.leaseExpiresAt != nil) == phase.holdsLease, context)
        if !state.isTerminal {
            try #require((state.startedAt != nil) == (phase == .running || phase == .uploading), context)
            // Before the run a request cancels at once; one recorded while running survives a lease expiry.
            if state.cancelRequest != nil {
                try #require([.running, .uploading].contains(phase) || !state.expiredAttempts.isEmpty, context)
            }
        }
        try #require(state.nextAttempt == state.expiredAttempts.count + 1, context)
        try #require(state.expiredAttempts.map(\.attempt) == (0..<state.expiredAttempts.count).map { $0 + 1 }, context)
        try #require(state.nextAttempt <= JobState.maxAttempts + 1, context)
        switch phase {
        case .failed:
            try #require(state.error != nil && state.failedStage != nil, context)
        case .completed:
            try #require(state.outputs != nil && state.executionTimeMs != nil && !state.stagedOutputs.isEmpty, context)
        case .cancelled:
            try #require(state.cancelledInPhase?.isTerminal == false, context)
        case .uploading:
            try #require(!state.stagedOutputs.isEmpty && state.outputs == nil, context)
        case .fetchingModels, .ready, .claimed, .running:
            try #require(!state.classTypes.isEmpty && state.completedAt == nil, context)
        case .validating:
            try #require(state.classTypes.isEmpty, context)
        }
        if state.submission.webhookURL == nil {
            try #require(state.webhook == .notRequested, context)
        }
        try #require(state.appliedEventCount <= state.seenEventIDs.count, context)
    }
}
