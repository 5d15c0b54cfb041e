package io.faceembed.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * Test-time augmentation of a recogniser: every view of every chip goes through the network in one batch, and a
 * face's embedding is the mean of its views' embeddings, each L2-normalised first (the pipeline normalises the
 * mean). Costs the network one run per view.
 */
public final class ViewAveragingEmbedder implements FaceEmbedder {

    private final FaceEmbedder network;
    private final ChipViews views;

    public ViewAveragingEmbedder(FaceEmbedder network, ChipViews views) {
        this.network = network;
        this.views = views;
    }

    @Override
    public float[][] embed(List<FaceChip> chips) {
        List<FaceChip> all = new ArrayList<>();
        int[] firstView = new int[chips.size() + 1];
        for (int i = 0; i < chips.size(); i++) {
            firstView[i] = all.size();
            all.addAll(views.of(chips.get(i)));
        }
        firstView[chips.size()] = all.size();
        float[][] out = network.embed(all);
        float[][] mean = new float[chips.size()][];
        for (int i = 0; i < chips.size(); i++) {
            float[] m = new float[network.dimension()];
            int n = firstView[i + 1] - firstView[i];
            for (int v = firstView[i]; v < firstView[i + 1]; v++) {
                double scale = 1.0 / (n * norm(out[v]));
                for (int k = 0; k < m.length; k++) {
                    m[k] += (float) (out[v][k] * scale);
                }
            }
            mean[i] = m;
        }
        return mean;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return s > 0 ? Math.sqrt(s) : 1;
    }

    @Override
    public int dimension() {
        return network.dimension();
    }

    @Override
    public String name() {
        return network.name();
    }

    @Override
    public void close() {
        network.close();
    }
}
