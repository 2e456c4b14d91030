import KomfyEvents

/// Claims ready jobs and runs them on a supervised ComfyUI engine, one worker per GPU
/// (DESIGN.md section 6). An empty shell for now.
public enum ExecutorService {
    public static let stage = JobStage.executor
}
