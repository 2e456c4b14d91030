import KomfyEvents
import KomfyWorkflow
import Testing

/// Each plan limit, at and over its value.
@Suite struct PlanLimitTests {
    private func validate(_ prompt: JSONValue, plan: String) async throws -> WorkflowVerdict {
        WorkflowValidator.validate(
            prompt, catalog: try await EngineCatalog.shared(), rules: ValidationRules(limits: .forPlan(plan))
        )
    }

    @Test func plansHaveTheirDocumentedDefaultsAndUnknownPlansGetFree() {
        #expect(WorkflowLimits.forPlan("free") == WorkflowLimits(maxSteps: 50, maxPixels: 2_359_296, maxBatchSize: 4, maxNodes: 200))
        #expect(WorkflowLimits.forPlan("pro") == WorkflowLimits(maxSteps: 150, maxPixels: 4_194_304, maxBatchSize: 16, maxNodes: 1000))
        #expect(WorkflowLimits.forPlan("Enterprise") == .enterprise)
        #expect(WorkflowLimits.forPlan("platinum") == .free)
        #expect(ValidationRules().limits == .free)
    }

    @Test func steps() async throws {
        #expect(try await validate(Prompts.seed(node: "5", input: "steps", 150), plan: "pro").validated != nil)
        let verdict = try await validate(Prompts.seed(node: "5", input: "steps", 200), plan: "pro")
        #expect(verdict.error?.message == "Node 5: steps 200 exceeds your plan's limit of 150 steps")
        #expect(verdict.errorTypes == ["5: plan_limit_exceeded"])
        #expect(verdict.error?.details?["limit"] == ["name": "max_steps", "limit": 150, "value": 200])
    }

    @Test func pixels() async throws {
        #expect(try await validate(Prompts.seed(node: "4", input: "width", 2304), plan: "free").validated != nil)
        var nodes = Prompts.seedNodes
        nodes["4"] = Prompts.node("EmptyLatentImage", ["width": 2048, "height": 2048, "batch_size": 1])
        let verdict = try await validate(.object(nodes), plan: "free")
        #expect(verdict.error?.message
            == "Node 4: 2048x2048 is 4194304 pixels, which exceeds your plan's limit of 2359296 pixels (1536x1536)")
        #expect(verdict.error?.details?["limit"]?["name"] == "max_pixels")
        #expect(try await validate(.object(nodes), plan: "pro").validated != nil)
    }

    @Test func batchSize() async throws {
        let verdict = try await validate(Prompts.seed(node: "4", input: "batch_size", 8), plan: "free")
        #expect(verdict.error?.message == "Node 4: batch_size 8 exceeds your plan's limit of 4 per batch")
        #expect(verdict.error?.details?["limit"] == ["name": "max_batch_size", "limit": 4, "value": 8])
        #expect(try await validate(Prompts.seed(node: "4", input: "batch_size", 4), plan: "free").validated != nil)
    }

    @Test func nodeCount() async throws {
        let verdict = try await validate(Prompts.chain(of: 201), plan: "free")
        let error = try #require(verdict.error)
        #expect(error.message == "The workflow has 201 nodes, which exceeds your plan's limit of 200 nodes")
        #expect(error.nodeID == nil)
        #expect(error.details?["error"]?["type"] == "plan_limit_exceeded")
        #expect(try await validate(Prompts.chain(of: 200), plan: "free").validated != nil)
    }

    @Test func anEngineMaximumIsReportedRatherThanThePlanLimit() async throws {
        let verdict = try await validate(Prompts.seed(node: "5", input: "steps", 10001), plan: "free")
        #expect(verdict.errorTypes == ["5: value_bigger_than_max"])
    }
}
