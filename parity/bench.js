// Throughput of face-api itself, for faceembed's bench: detect + 68 landmarks + descriptor, one image at a time.
// Usage: node bench.js <inputDir>
// <inputDir>/index.json lists images as {name, width, height, file}; each file holds raw interleaved RGB bytes
// (decoded by faceembed, so decoding is not timed on this side). The first two images warm the backend up and are
// not timed. Prints one JSON line: {"images":N,"seconds":S,"imagesPerSecond":R,"faces":F,"backend":"wasm"}.
const fs = require('fs');
const path = require('path');
const { loadFaceApi } = require('./faceapi');

async function main() {
  const [inputDir] = process.argv.slice(2);
  const faceapi = await loadFaceApi(['ssdMobilenetv1', 'faceLandmark68Net', 'faceRecognitionNet']);

  const index = JSON.parse(fs.readFileSync(path.join(inputDir, 'index.json'), 'utf8'));
  const pixels = index.map((item) => new Uint8Array(fs.readFileSync(path.join(inputDir, item.file))));
  const options = new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5, maxResults: 100 });
  const once = async (i) => {
    const item = index[i];
    const image = faceapi.tf.tensor3d(pixels[i], [item.height, item.width, 3], 'int32');
    const faces = await faceapi.detectAllFaces(image, options).withFaceLandmarks().withFaceDescriptors();
    image.dispose();
    return faces.length;
  };
  const warmUp = Math.min(2, index.length);
  for (let i = 0; i < warmUp; i++) await once(i);
  let faces = 0;
  const start = process.hrtime.bigint();
  for (let i = warmUp; i < index.length; i++) faces += await once(i);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const images = index.length - warmUp;
  console.log(JSON.stringify({ images, seconds, imagesPerSecond: seconds > 0 ? images / seconds : 0, faces,
    backend: faceapi.tf.getBackend() }));
}

main().catch((e) => { console.error(e); process.exit(1); });
