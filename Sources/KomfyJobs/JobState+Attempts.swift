import KomfyEvents

/// The executor's part of the job: claims, runs and leases, attempt by attempt.
///
/// Every event here carries an attempt number, and only events of the current attempt (`nextAttempt`)
/// apply; anything else is `staleAttempt`. That is what makes a lost executor harmless: once its lease
/// expired, whatever it still appends belongs to a superseded attempt.
extension JobState {
    /// The first claim of the current attempt wins; claims that come after it in the log lost the race.
    mutating func claim(_ claimed: JobClaimed, at time: Timestamp) -> Outcome {
        guard claimed.attempt == nextAttempt else { return .ignored(.staleAttempt) }
        switch phase {
        case .ready:
            guard !attemptsExhausted else { return .ignored(.attemptsExhausted) }
            claim = JobClaim(executorID: claimed.executorID, attempt: claimed.attempt, leaseMs: claimed.leaseMs,
                             claimedAt: time)
            lastActivityAt = time
            startedAt = nil
            progress = JobProgress()
            phase = .claimed
            return .applied
        case .claimed, .running, .uploading:
            return .ignored(.claimLost)
        case .validating, .fetchingModels, .completed, .failed, .cancelled:
            return .ignored(.wrongPhase)
        }
    }

    mutating func start(_ started: JobStarted, at time: Timestamp) -> Outcome {
        guard started.attempt == nextAttempt else { return .ignored(.staleAttempt) }
        guard phase == .claimed, let claim else { return .ignored(.wrongPhase) }
        guard started.executorID == claim.executorID else { return .ignored(.executorMismatch) }
        phase = .running
        startedAt = time
        lastActivityAt = time
        return .applied
    }

    /// A node event of a running attempt: updates the progress and renews the lease.
    mutating func recordActivity(
        of attempt: Int, at time: Timestamp, _ update: (inout JobProgress) -> Void
    ) -> Outcome {
        guard attempt == nextAttempt else { return .ignored(.staleAttempt) }
        guard phase == .running else { return .ignored(.wrongPhase) }
        update(&progress)
        lastActivityAt = time
        return .applied
    }

    /// The current attempt's executor went silent: the job is claimable again as the next attempt.
    ///
    /// No failure is implied, even for the last allowed attempt: the lease watcher that appends that
    /// expiry appends `JobFailed(executor_lost)` too, and `attemptsExhausted` stops claims until it does.
    mutating func expireLease(_ expiry: JobLeaseExpired, at time: Timestamp) -> Outcome {
        guard expiry.attempt == nextAttempt else { return .ignored(.staleAttempt) }
        guard phase.holdsLease, claim != nil else { return .ignored(.wrongPhase) }
        expiredAttempts.append(ExpiredAttempt(attempt: expiry.attempt, executorID: expiry.executorID, expiredAt: time))
        claim = nil
        lastActivityAt = nil
        startedAt = nil
        progress = JobProgress()
        nextAttempt = expiry.attempt + 1
        phase = .ready
        return .applied
    }

    /// ComfyUI finished the graph: the lease ends and the uploader takes over the staged outputs.
    mutating func finishRun(_ executed: JobExecuted) -> Outcome {
        guard executed.attempt == nextAttempt else { return .ignored(.staleAttempt) }
        guard phase == .running else { return .ignored(.wrongPhase) }
        stagedOutputs = executed.outputs
        executionTimeMs = executed.executionTimeMs
        phase = .uploading
        return .applied
    }
}
