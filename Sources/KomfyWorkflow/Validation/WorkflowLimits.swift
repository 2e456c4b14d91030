/// How big a workflow a tenant's plan may run. Each limit caps what drives GPU time or memory, and
/// a workflow over one is rejected up front instead of holding a GPU for minutes.
public struct WorkflowLimits: Sendable, Hashable {
    /// The most sampling steps of any node's `steps` input.
    public var maxSteps: Int
    /// The most pixels (width x height) of any node with `width` and `height` inputs, such as
    /// `EmptyLatentImage`: VRAM grows with it.
    public var maxPixels: Int
    /// The largest `batch_size` of any node.
    public var maxBatchSize: Int
    /// The most nodes in the prompt.
    public var maxNodes: Int

    public init(maxSteps: Int, maxPixels: Int, maxBatchSize: Int, maxNodes: Int) {
        self.maxSteps = maxSteps
        self.maxPixels = maxPixels
        self.maxBatchSize = maxBatchSize
        self.maxNodes = maxNodes
    }

    /// 50 steps, 1536 x 1536 pixels, batches of 4, 200 nodes: every common SD 1.5, SDXL and Flux
    /// workflow at its native size, with headroom for a hires pass.
    public static let free = WorkflowLimits(maxSteps: 50, maxPixels: 1536 * 1536, maxBatchSize: 4, maxNodes: 200)
    /// 150 steps, 2048 x 2048 pixels, batches of 16, 1000 nodes.
    public static let pro = WorkflowLimits(maxSteps: 150, maxPixels: 2048 * 2048, maxBatchSize: 16, maxNodes: 1000)
    /// 10000 steps (KSampler's own maximum), 4096 x 4096 pixels, batches of 64, 5000 nodes.
    public static let enterprise = WorkflowLimits(
        maxSteps: 10000, maxPixels: 4096 * 4096, maxBatchSize: 64, maxNodes: 5000
    )

    /// The limits of a plan by name (`free`, `pro`, `enterprise`, any case); an unknown plan gets
    /// the free plan's, so a typo never grants more.
    public static func forPlan(_ plan: String) -> WorkflowLimits {
        switch plan.lowercased() {
        case "pro": pro
        case "enterprise": enterprise
        default: free
        }
    }
}
