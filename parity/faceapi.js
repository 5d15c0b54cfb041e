// face-api on the wasm backend (~50x faster than 'cpu', the same float32 maths; FACEAPI_BACKEND overrides), with
// the named nets loaded from the package's own model/ folder. Shared by reference.js, landmarks.js and bench.js.
const path = require('path');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

async function loadFaceApi(nets) {
  const wasm = require('@tensorflow/tfjs-backend-wasm');
  const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  wasm.setWasmPaths(path.join(wasmDir, 'dist') + path.sep);
  await faceapi.tf.setBackend(process.env.FACEAPI_BACKEND || 'wasm');
  await faceapi.tf.ready();
  const modelDir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  for (const net of nets) {
    await faceapi.nets[net].loadFromDisk(modelDir);
  }
  return faceapi;
}

module.exports = { loadFaceApi };
