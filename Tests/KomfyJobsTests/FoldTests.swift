import Foundation
import KomfyEvents
import KomfyJobs
import Testing

@Suite("Folding a log")
struct FoldTests {
    @Test("A log without JobSubmitted has no state")
    func noSubmission() {
        var log = JobLog()
        #expect(JobState.fold(log.events) == nil)
        log.append(Fixture.validated)
        log.append(Fixture.claimed())
        #expect(JobState.fold(log.events) == nil)
        #expect(JobState(submission: log.events[0]) == nil)
    }

    @Test("Events before JobSubmitted are ignored")
    func eventsBeforeSubmission() throws {
        var log = JobLog()
        let early = log.append(Fixture.validated)
        log.append(Fixture.submitted())
        log.append(Fixture.validated)

        var state: JobState?
        #expect(JobState.apply(early, to: &state) == .ignored(.notSubmittedYet))
        #expect(state == nil)

        let folded = try log.state()
        #expect(folded.phase == .fetchingModels)
        #expect(folded.appliedEventCount == 2)
        #expect(folded.createdAt == log.events[1].occurredAt)
        #expect(!folded.seenEventIDs.contains(early.id))
    }

    @Test("A second JobSubmitted and other jobs' events are ignored")
    func otherSubmissions() throws {
        var log = Start.ready.log()
        var other = JobLog(job: "job-2")
        let otherSubmitted = other.append(Fixture.submitted(webhookURL: nil))
        let otherEvent = other.append(Fixture.validated)
        var state = try log.state()
        let before = state

        #expect(state.apply(otherSubmitted) == .ignored(.wrongJob))
        #expect(state.apply(otherEvent) == .ignored(.wrongJob))
        #expect(state == before)
        #expect(state.apply(log.make(Fixture.submitted(webhookURL: nil))) == .ignored(.alreadySubmitted))
        #expect(state.submission == Fixture.submitted())
        #expect(state.phase == .ready)

        // The first job's JobSubmitted decides whose log it is.
        let mixed = [otherSubmitted] + log.events + [otherEvent]
        let folded = try #require(JobState.fold(mixed))
        #expect(folded.jobID == other.jobID)
        #expect(folded.phase == .fetchingModels)
    }

    @Test("A reader of many jobs keeps one state per job")
    func manyJobs() throws {
        var first = JobLog(job: "a")
        var second = JobLog(job: "b")
        first.reach(.completed)
        second.reach(.running)
        var interleaved: [JobEventEnvelope] = []
        for index in 0..<max(first.events.count, second.events.count) {
            interleaved += [first.events, second.events].compactMap { $0.indices.contains(index) ? $0[index] : nil }
        }

        var states: [UUID: JobState] = [:]
        for envelope in interleaved {
            #expect(JobState.apply(envelope, to: &states[envelope.jobID]) == .applied)
        }
        #expect(states.count == 2)
        #expect(states[first.jobID] == JobState.fold(first.events))
        #expect(states[second.jobID] == JobState.fold(second.events))
        #expect(states[first.jobID]?.status == .completed)
        #expect(states[second.jobID]?.status == .running)
    }
}

@Suite("Phases and statuses")
struct JobPhaseTests {
    @Test("Each phase maps to its public status", arguments: [
        (JobPhase.validating, JobStatus.queued), (.fetchingModels, .queued), (.ready, .queued), (.claimed, .queued),
        (.running, .running), (.uploading, .running),
        (.completed, .completed), (.failed, .failed), (.cancelled, .cancelled),
    ])
    func status(_ phase: JobPhase, _ status: JobStatus) {
        #expect(phase.status == status)
        #expect(phase.isTerminal == [.completed, .failed, .cancelled].contains(phase))
    }

    @Test("Raw values are the API's snake_case names")
    func rawValues() throws {
        #expect(JobPhase.allCases.map(\.rawValue) == [
            "validating", "fetching_models", "ready", "claimed", "running", "uploading", "completed", "failed",
            "cancelled",
        ])
        #expect(JobStatus.allCases.map(\.rawValue) == ["queued", "running", "completed", "failed", "cancelled"])
        let encoded = try JSONEncoder().encode([JobPhase.fetchingModels])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["fetching_models"]"#)
        #expect(try JSONDecoder().decode([JobStatus].self, from: Data(#"["cancelled"]"#.utf8)) == [.cancelled])
    }

    @Test("Ignore reasons have stable snake_case labels")
    func ignoreReasonLabels() {
        #expect(JobState.IgnoreReason.staleAttempt.rawValue == "stale_attempt")
        #expect(JobState.IgnoreReason.allCases.allSatisfy { $0.rawValue == $0.rawValue.lowercased() })
    }
}
