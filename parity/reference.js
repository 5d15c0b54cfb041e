// Reference outputs from face-api itself, for faceembed's parity test.
// Usage: node reference.js <inputDir> <outDir>
// <inputDir>/index.json lists images as {name, width, height, file}; each file holds raw interleaved RGB bytes
// (decoded by faceembed, so both sides see identical pixels). Writes <outDir>/reference.json and, per image,
// <outDir>/<i>.chip.f32: the 150x150x3 float chip face-api's recogniser gets for the image resized whole.
const fs = require('fs');
const path = require('path');
const { loadFaceApi } = require('./faceapi');

async function main() {
  const [inputDir, outDir] = process.argv.slice(2);
  const faceapi = await loadFaceApi(['ssdMobilenetv1', 'faceLandmark68Net', 'faceRecognitionNet']);
  fs.mkdirSync(outDir, { recursive: true });

  const index = JSON.parse(fs.readFileSync(path.join(inputDir, 'index.json'), 'utf8'));
  const options = new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5, maxResults: 100 });
  const results = [];
  for (let i = 0; i < index.length; i++) {
    const item = index[i];
    const rgb = fs.readFileSync(path.join(inputDir, item.file));
    const image = faceapi.tf.tensor3d(new Uint8Array(rgb), [item.height, item.width, 3], 'int32');

    const chip = faceapi.tf.tidy(() => faceapi.tf.image.resizeBilinear(image.toFloat(), [150, 150]));
    const chipData = await chip.data();
    fs.writeFileSync(path.join(outDir, `${i}.chip.f32`), Buffer.from(new Float32Array(chipData).buffer));
    const chipDescriptor = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(chip);
    chip.dispose();

    const full = await faceapi.detectAllFaces(image, options).withFaceLandmarks().withFaceDescriptors();
    results.push({
      name: item.name,
      chipDescriptor: Array.from(chipDescriptor),
      detections: full.map((f) => ({ score: f.detection.score, box: [f.detection.box.x, f.detection.box.y, f.detection.box.width, f.detection.box.height] })),
      faces: full.map((f) => ({
        score: f.detection.score,
        box: [f.detection.box.x, f.detection.box.y, f.detection.box.width, f.detection.box.height],
        landmarks: f.landmarks.positions.flatMap((p) => [p.x, p.y]),
        alignedBox: (() => { const r = f.landmarks.align(null, { useDlibAlignment: true }); return [r.x, r.y, r.width, r.height]; })(),
        descriptor: Array.from(f.descriptor),
      })),
    });
    image.dispose();
  }
  fs.writeFileSync(path.join(outDir, 'reference.json'), JSON.stringify({ faceApi: '1.7.15', results }));
  console.log(`face-api reference: ${results.length} images -> ${outDir}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
