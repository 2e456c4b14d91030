import Foundation

/// CPU time (user + system) used by this process or by its finished children, for the per-record
/// CPU cost `komfy bench kafka` prints next to msgs/s.
///
/// Wall-clock rates on a shared two-core machine move with whatever else runs; CPU seconds per
/// record move far less, and they are what decides how fast each side can go once the cores are full.
enum KafkaBenchCPU {
    /// Seconds of CPU this process used so far, all threads (librdkafka's included).
    static var ownSeconds: Double { seconds(RUSAGE_SELF) }

    /// Seconds of CPU used by children that have exited and been waited for.
    static var childrenSeconds: Double { seconds(RUSAGE_CHILDREN) }

    private static func seconds(_ who: __rusage_who) -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(who.rawValue), &usage)
        func value(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return value(usage.ru_utime) + value(usage.ru_stime)
    }
}

/// A throughput and the CPU time the measured side spent for it.
struct BenchMeasurement {
    var rate: Double
    var cpuSeconds: Double
    var count: Int

    var cpuMicrosecondsPerRecord: Double { cpuSeconds * 1e6 / Double(count) }
}
