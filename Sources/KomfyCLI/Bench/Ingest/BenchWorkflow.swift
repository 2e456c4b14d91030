/// The workflow both sides of `komfy bench ingest` accept: seeds/001's quickstart text-to-image
/// graph (the same bytes as the ingest tests' `SeedRequests.workflow`).
enum BenchWorkflow {
    static let checkpointURL = "https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0/resolve/main/sd_xl_base_1.0.safetensors"

    static let workflow = """
        {
        "1": {"class_type": "CheckpointLoaderSimple",
              "inputs": {"ckpt_name": "\(checkpointURL)"}},
        "2": {"class_type": "CLIPTextEncode", "inputs": {"text": "a beautiful sunset over mountains, digital art", "clip": ["1", 1]}},
        "3": {"class_type": "CLIPTextEncode", "inputs": {"text": "blurry, low quality, watermark", "clip": ["1", 1]}},
        "4": {"class_type": "EmptyLatentImage", "inputs": {"width": 1024, "height": 1024, "batch_size": 1}},
        "5": {"class_type": "KSampler", "inputs": {"seed": 42, "steps": 25, "cfg": 7.0, "sampler_name": "euler_ancestral",
              "scheduler": "normal", "denoise": 1.0, "model": ["1", 0], "positive": ["2", 0], "negative": ["3", 0],
              "latent_image": ["4", 0]}},
        "6": {"class_type": "VAEDecode", "inputs": {"samples": ["5", 0], "vae": ["1", 2]}},
        "7": {"class_type": "SaveImage", "inputs": {"filename_prefix": "output", "images": ["6", 0]}}
        }
        """

    /// `POST /v1/jobs`: the checkpoint by URL, as a cmfy.cloud client sends it.
    static let komfyBody = #"{"prompt": \#(workflow)}"#

    /// `POST /prompt`: ComfyUI's own format, the checkpoint by a file name the engine has.
    static func comfyUIBody(checkpoint: String) -> String {
        #"{"prompt": \#(workflow.replacingOccurrences(of: checkpointURL, with: checkpoint))}"#
    }
}
