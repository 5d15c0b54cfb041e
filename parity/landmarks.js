// face-api's own landmarks and recognition chips for given detection boxes, for faceembed's landmark parity test.
// Usage: node landmarks.js <inputDir> <outFile>
// <inputDir>/index.json lists {name, width, height, file, box: [x1, y1, x2, y2]}; each file holds raw interleaved
// RGB bytes decoded by faceembed. For each box this runs exactly what face-api's
// detectAllFaces(...).withFaceLandmarks().withFaceDescriptors() does after detection, and records the landmarks,
// the dlib-aligned rect and a sample of the 150x150 chip the recognition net gets.
const fs = require('fs');
const path = require('path');
const { loadFaceApi } = require('./faceapi');

async function main() {
  const [inputDir, outFile] = process.argv.slice(2);
  const faceapi = await loadFaceApi(['faceLandmark68Net']);
  const tf = faceapi.tf;

  const index = JSON.parse(fs.readFileSync(path.join(inputDir, 'index.json'), 'utf8'));
  const results = [];
  for (const item of index) {
    const rgb = fs.readFileSync(path.join(inputDir, item.file));
    const image = tf.tensor3d(new Uint8Array(rgb), [item.height, item.width, 3], 'int32');
    const [x1, y1, x2, y2] = item.box;
    const dims = { width: item.width, height: item.height };
    // as the SSD net reports it: a box relative to the image
    const detection = new faceapi.FaceDetection(0.99,
      new faceapi.Rect(x1 / item.width, y1 / item.height, (x2 - x1) / item.width, (y2 - y1) / item.height), dims);
    // DetectAllFaceLandmarksTask.run
    const [face] = await faceapi.extractFaceTensors(image, [detection]);
    const unshifted = await faceapi.nets.faceLandmark68Net.detectLandmarks(face);
    const cropDims = face.shape;
    face.dispose();
    const withLandmarks = faceapi.extendWithFaceLandmarks({ detection }, unshifted);
    // ComputeAllFaceDescriptorsTask.run
    const rect = withLandmarks.landmarks.align(null, { useDlibAlignment: true });
    const [aligned] = await faceapi.extractFaceTensors(image, [rect]);
    // FaceRecognitionNet.forwardInput: toBatchTensor(150, true)
    const netInput = await faceapi.toNetInput(aligned);
    const chip = netInput.toBatchTensor(150, true);
    const hwc = await chip.data();
    chip.dispose();
    aligned.dispose();
    image.dispose();
    // the chip planar (CHW), every 499th value, and its total
    const sample = [];
    let total = 0;
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < 150 * 150; i++) {
        const v = hwc[i * 3 + c];
        total += v;
        if ((c * 22500 + i) % 499 === 0) sample.push(v);
      }
    }
    results.push({
      name: item.name,
      box: item.box,
      crop: [cropDims[1], cropDims[0]],
      landmarks: withLandmarks.landmarks.positions.flatMap((p) => [p.x, p.y]),
      alignedRect: [rect.x, rect.y, rect.width, rect.height],
      chipEvery499th: sample,
      chipTotal: total,
    });
  }
  fs.writeFileSync(outFile, JSON.stringify({ faceApi: '1.7.15', backend: tf.getBackend(), results }));
  console.log(`face-api landmark reference: ${results.length} faces -> ${outFile}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
