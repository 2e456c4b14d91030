/// The operator's changes to the plans' default limits.
///
/// Written as one object keyed by plan name, each value a partial `LimitOverride`; plans and values
/// left out keep their defaults (`Plan.defaultLimits`):
///
/// ```json
/// {"free": {"requests_per_minute": 30}, "enterprise": {"concurrent_jobs": 200, "queue_depth": 1000}}
/// ```
///
/// An unknown plan name is an error rather than ignored, so a typo does not silently leave a plan at
/// its defaults.
public struct LimitsConfiguration: Sendable, Hashable, Codable {
    /// The override of each plan that has one.
    public var overrides: [Plan: LimitOverride]

    public init(overrides: [Plan: LimitOverride] = [:]) {
        self.overrides = overrides
    }

    /// The limits of a key on `plan`: the plan's defaults, the configuration's override for the plan,
    /// then the key's own override, each replacing only the values it sets.
    public func limits(for plan: Plan, keyOverride: LimitOverride? = nil) -> PlanLimits {
        plan.defaultLimits.overridden(by: overrides[plan]).overridden(by: keyOverride)
    }

    /// The limits of the key `record` describes.
    public func limits(for record: ApiKeyRecord) -> PlanLimits {
        limits(for: record.plan, keyOverride: record.limits)
    }

    private struct PlanKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: PlanKey.self)
        var overrides: [Plan: LimitOverride] = [:]
        for key in container.allKeys {
            guard let plan = Plan(rawValue: key.stringValue) else {
                let known = Plan.allCases.map(\.rawValue).joined(separator: ", ")
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: container,
                    debugDescription: "unknown plan '\(key.stringValue)'; the plans are \(known)")
            }
            overrides[plan] = try container.decode(LimitOverride.self, forKey: key)
        }
        self.overrides = overrides
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: PlanKey.self)
        for (plan, override) in overrides {
            try container.encode(override, forKey: PlanKey(stringValue: plan.rawValue))
        }
    }
}
