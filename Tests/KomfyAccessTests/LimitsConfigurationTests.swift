import Foundation
import KomfyAccess
import Testing

@Suite("Plans and their limits")
struct LimitsConfigurationTests {
    @Test("the plans' default limits", arguments: [
        (Plan.free, PlanLimits(requestsPerMinute: 60, concurrentJobs: 2, queueDepth: 100)),
        (.pro, PlanLimits(requestsPerMinute: 300, concurrentJobs: 10, queueDepth: 100)),
        (.enterprise, PlanLimits(requestsPerMinute: 1000, concurrentJobs: 50, queueDepth: 100)),
    ])
    func defaults(_ plan: Plan, _ expected: PlanLimits) {
        #expect(plan.defaultLimits == expected)
        #expect(LimitsConfiguration().limits(for: plan) == expected)
    }

    @Test("the configuration overrides a plan's values; a key's override comes last")
    func overrides() {
        let configuration = LimitsConfiguration(overrides: [
            .free: LimitOverride(requestsPerMinute: 30),
            .enterprise: LimitOverride(concurrentJobs: 200, queueDepth: 1000),
        ])
        #expect(configuration.limits(for: .free) == PlanLimits(requestsPerMinute: 30, concurrentJobs: 2, queueDepth: 100))
        #expect(configuration.limits(for: .pro) == Plan.pro.defaultLimits)
        #expect(configuration.limits(for: .enterprise)
            == PlanLimits(requestsPerMinute: 1000, concurrentJobs: 200, queueDepth: 1000))
        #expect(configuration.limits(for: .free, keyOverride: LimitOverride(concurrentJobs: 4))
            == PlanLimits(requestsPerMinute: 30, concurrentJobs: 4, queueDepth: 100))
        #expect(configuration.limits(for: .free, keyOverride: LimitOverride(requestsPerMinute: 45))
            == PlanLimits(requestsPerMinute: 45, concurrentJobs: 2, queueDepth: 100))

        let key = Fixture.key(seed: 5)
        let table = KeyTable([Fixture.created(key, plan: .enterprise, limits: LimitOverride(queueDepth: 5))])
        let record = table.record(for: key.keyID)!
        #expect(configuration.limits(for: record) == PlanLimits(requestsPerMinute: 1000, concurrentJobs: 200, queueDepth: 5))
    }

    @Test("the configuration is read from JSON keyed by plan, partial values kept partial")
    func decoding() throws {
        let json = #"{"free": {"requests_per_minute": 30}, "enterprise": {"concurrent_jobs": 200, "queue_depth": 1000}}"#
        let configuration = try JSONDecoder().decode(LimitsConfiguration.self, from: Data(json.utf8))
        #expect(configuration.overrides == [
            .free: LimitOverride(requestsPerMinute: 30),
            .enterprise: LimitOverride(concurrentJobs: 200, queueDepth: 1000),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(configuration), as: UTF8.self)
            == #"{"enterprise":{"concurrent_jobs":200,"queue_depth":1000},"free":{"requests_per_minute":30}}"#)
        #expect(try JSONDecoder().decode(LimitsConfiguration.self, from: Data("{}".utf8)) == LimitsConfiguration())
    }

    @Test("an unknown plan name is an error naming the plans")
    func unknownPlan() {
        do {
            _ = try JSONDecoder().decode(LimitsConfiguration.self, from: Data(#"{"premium": {"queue_depth": 5}}"#.utf8))
            Issue.record("an unknown plan was accepted")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription == "unknown plan 'premium'; the plans are free, pro, enterprise")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("plan limits are written with snake_case names")
    func planLimitsCoding() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(Plan.free.defaultLimits), as: UTF8.self)
            == #"{"concurrent_jobs":2,"queue_depth":100,"requests_per_minute":60}"#)
    }
}
