package io.faceembed.job;

import io.faceembed.config.EmbedSettings;
import io.faceembed.listing.ImageListing;
import io.faceembed.listing.ListingStats;
import io.faceembed.planning.WorkPlan;
import java.util.Locale;

/** The {@code --dry-run} plan: folders, images, already done, to do. */
final class PlanPrinter {

    private PlanPrinter() {
    }

    static String describe(EmbedSettings s, ImageListing listing, WorkPlan plan, String signature, String store) {
        ListingStats st = listing.stats();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "plan for %s%s%n", listing.root(), s.recursive() ? " (recursive)" : ""));
        b.append(String.format(Locale.ROOT, "  folders:  %,d with images, %,d of them below --min-images %d%n",
                st.folders(), st.foldersSkipped(), s.minImages()));
        b.append(String.format(Locale.ROOT, "  images:   %,d listed, %,d in folders below --min-images%n",
                st.listed(), st.skippedMinImages()));
        b.append(String.format(Locale.ROOT, "  skipped:  %,d hidden, %,d not images, %,d folder links not followed%n",
                st.hidden(), st.notImages(), st.linksNotFollowed()));
        b.append(String.format(Locale.ROOT, "  done:     %,d already stored for %s%n", plan.alreadyDone(), signature));
        b.append(String.format(Locale.ROOT, "  to do:    %,d images%s%n", plan.todo().size(),
                plan.overLimit() > 0 ? String.format(Locale.ROOT, " (--limit leaves %,d for later)", plan.overLimit()) : ""));
        b.append(String.format(Locale.ROOT, "  waves:    from %,d images, growing to ~%.0f s of embedding each;"
                + " %,d images per task%n", s.waveSize(), WaveSizer.TARGET_SECONDS, s.chunkSize()));
        b.append(String.format(Locale.ROOT, "  store:    %s%n", store));
        return b.toString();
    }
}
