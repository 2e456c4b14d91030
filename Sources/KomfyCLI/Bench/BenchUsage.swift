import Foundation

/// CPU time (user + system) and page faults of this process or of its finished children, for the
/// per-record costs `komfy bench kafka` prints next to msgs/s.
///
/// Wall-clock rates on a shared two-core machine move with whatever else runs; CPU seconds per
/// record move far less, and they are what decides how fast each side can go once the cores are full.
/// Page faults (minor: a fresh page mapped and zeroed) do not depend on the neighbours at all, and
/// show memory that an allocator gives back to the kernel and takes again.
struct BenchUsage {
    var seconds: Double
    var pageFaults: Int

    /// This process so far, all threads (librdkafka's included).
    static var own: BenchUsage { usage(RUSAGE_SELF) }

    /// Children that have exited and been waited for.
    static var children: BenchUsage { usage(RUSAGE_CHILDREN) }

    static func - (after: BenchUsage, before: BenchUsage) -> BenchUsage {
        BenchUsage(seconds: after.seconds - before.seconds, pageFaults: after.pageFaults - before.pageFaults)
    }

    private static func usage(_ who: __rusage_who) -> BenchUsage {
        var usage = rusage()
        getrusage(__rusage_who_t(who.rawValue), &usage)
        func value(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return BenchUsage(seconds: value(usage.ru_utime) + value(usage.ru_stime), pageFaults: usage.ru_minflt + usage.ru_majflt)
    }
}

/// A throughput and the CPU time and page faults the measured side spent for it.
struct BenchMeasurement {
    var rate: Double
    var usage: BenchUsage
    var count: Int

    var cpuMicrosecondsPerRecord: Double { usage.seconds * 1e6 / Double(count) }
    var pageFaultsPerThousandRecords: Double { Double(usage.pageFaults) * 1000 / Double(count) }
}
