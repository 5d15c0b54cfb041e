/**
 * Adapters that run user-supplied ONNX models (resolved by name in {@code io.faceembed.models.ModelCatalog}).
 *
 * <table>
 *   <caption>Model contracts</caption>
 *   <tr><th>family</th><th>files</th><th>input</th><th>preprocessing</th><th>output</th><th>aligner</th></tr>
 *   <tr><td>{@link io.faceembed.inference.adapters.ArcFaceEmbedder}</td>
 *       <td>arcface.onnx (InsightFace w600k_r50), sface.onnx, ghostfacenet.onnx</td>
 *       <td>[N,3,112,112] or [N,112,112,3], read from the model</td>
 *       <td>RGB; ArcFace (x-127.5)/127.5, SFace raw 0..255, GhostFaceNet (x-127.5)/128</td>
 *       <td>[N,D], D read from the model (512, 128, 512)</td>
 *       <td>{@link io.faceembed.inference.adapters.SimilarityAligner}: Umeyama to the 5-point ArcFace template</td></tr>
 *   <tr><td>{@link io.faceembed.inference.adapters.FacenetEmbedder}</td>
 *       <td>facenet.onnx, facenet512.onnx (DeepFace Keras via tf2onnx)</td>
 *       <td>[N,160,160,3] or [N,3,160,160]</td>
 *       <td>RGB; per-image standardisation (x-mean)/std</td>
 *       <td>[N,128] / [N,512]</td>
 *       <td>{@link io.faceembed.inference.adapters.EyeRotationAligner}: eye-levelled box crop, letterboxed</td></tr>
 *   <tr><td>{@link io.faceembed.inference.adapters.ScrfdDetector}</td>
 *       <td>scrfd.onnx, retinaface.onnx (InsightFace det_10g or scrfd_*_kps)</td>
 *       <td>[1,3,H,W], dynamic -> 640x640</td>
 *       <td>RGB; (x-127.5)/128; letterbox top-left, black padding</td>
 *       <td>per stride 8/16/32: scores [A,1], boxes [A,4], points [A,10] (any order)</td>
 *       <td>detections with five points, NMS IoU 0.4</td></tr>
 * </table>
 */
package io.faceembed.inference.adapters;
