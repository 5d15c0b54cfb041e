package io.faceembed.listing;

import io.faceembed.config.EmbedOption;
import io.faceembed.config.SettingsException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Lists a folder-per-person collection on any Hadoop file system, on the driver.
 *
 * <p>Each folder directly under the root is one person (its name is the {@code folder} label); images directly in
 * the root form the group "". Without {@code recursive} only images directly in the root and in the person folders
 * count; with it, images at any depth below a person folder count toward that person. {@code minImages} then drops
 * the persons with fewer images. Person folders are listed in parallel. Hidden entries and non-images are skipped
 * and counted. On a local file system folder symlinks are followed only for person folders themselves, never
 * below them, and the walk stops at {@link #MAX_DEPTH}: a symlink loop cannot hang it.
 */
public final class ImageLister {

    public static final int MAX_DEPTH = 64;
    public static final int DEFAULT_THREADS = 16;

    private final Configuration conf;
    private final int threads;

    public ImageLister(Configuration conf) {
        this(conf, DEFAULT_THREADS);
    }

    public ImageLister(Configuration conf, int threads) {
        this.conf = conf;
        this.threads = Math.max(1, threads);
    }

    public ImageListing list(String folder, boolean recursive, int minImages) {
        Path given = new Path(folder);
        FileSystem fs;
        Path root;
        try {
            fs = given.getFileSystem(conf);
            root = fs.makeQualified(given);
            if (!fs.getFileStatus(root).isDirectory()) {
                throw new SettingsException(EmbedOption.FOLDER, folder + " is a file, not a folder of person folders");
            }
        } catch (FileNotFoundException e) {
            throw new SettingsException(EmbedOption.FOLDER, folder + " does not exist");
        } catch (IOException e) {
            throw new SettingsException(EmbedOption.FOLDER, "cannot open " + folder + ": " + e.getMessage());
        }
        Walk walk = new Walk(fs, "file".equals(root.toUri().getScheme()), recursive);
        List<ImageFile> found = walk.run(root, threads);
        return filter(root.toString(), found, minImages, walk);
    }

    private static ImageListing filter(String root, List<ImageFile> found, int minImages, Walk walk) {
        Map<String, Integer> perFolder = new HashMap<>();
        for (ImageFile f : found) {
            perFolder.merge(f.folder(), 1, Integer::sum);
        }
        List<ImageFile> kept = new ArrayList<>(found.size());
        for (ImageFile f : found) {
            if (perFolder.get(f.folder()) >= minImages) {
                kept.add(f);
            }
        }
        kept.sort(Comparator.comparing(ImageFile::path));
        long foldersSkipped = perFolder.values().stream().filter(n -> n < minImages).count();
        ListingStats stats = new ListingStats(found.size(), perFolder.size(), found.size() - kept.size(),
                foldersSkipped, walk.hidden.sum(), walk.notImages.sum(), walk.linksNotFollowed.sum());
        return new ImageListing(root, List.copyOf(kept), stats);
    }

    /** One listing pass; counters are shared by the threads walking person folders. */
    private static final class Walk {
        private final FileSystem fs;
        private final boolean local;
        private final boolean recursive;
        final LongAdder hidden = new LongAdder();
        final LongAdder notImages = new LongAdder();
        final LongAdder linksNotFollowed = new LongAdder();

        Walk(FileSystem fs, boolean local, boolean recursive) {
            this.fs = fs;
            this.local = local;
            this.recursive = recursive;
        }

        List<ImageFile> run(Path root, int threads) {
            List<ImageFile> images = new ArrayList<>();
            List<FileStatus> persons = new ArrayList<>();
            for (FileStatus entry : listOrFail(root, "")) {
                String name = entry.getPath().getName();
                if (ImageExtensions.isHidden(name)) {
                    hidden.increment();
                } else if (entry.isDirectory()) {
                    persons.add(entry);
                } else {
                    addIfImage(entry, name, "", images);
                }
            }
            if (persons.size() <= 1 || threads == 1) {
                for (FileStatus p : persons) {
                    images.addAll(walkPerson(p));
                }
                return images;
            }
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, persons.size()), r -> {
                Thread t = new Thread(r, "faceembed-listing");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<List<ImageFile>>> parts = new ArrayList<>(persons.size());
                for (FileStatus p : persons) {
                    parts.add(pool.submit(() -> walkPerson(p)));
                }
                for (Future<List<ImageFile>> part : parts) {
                    images.addAll(part.get());
                }
                return images;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new ListingException("listing failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ListingException("listing interrupted", e);
            } finally {
                pool.shutdownNow();
            }
        }

        /** Depth-first walk below one person folder; everything found carries the person's name as folder. */
        private List<ImageFile> walkPerson(FileStatus person) {
            String label = person.getPath().getName();
            List<ImageFile> images = new ArrayList<>();
            Deque<Dir> todo = new ArrayDeque<>();
            todo.push(new Dir(person.getPath(), label, 1));
            while (!todo.isEmpty()) {
                Dir dir = todo.pop();
                for (FileStatus entry : listOrFail(dir.path, dir.rel)) {
                    String name = entry.getPath().getName();
                    String rel = dir.rel + "/" + name;
                    if (ImageExtensions.isHidden(name)) {
                        hidden.increment();
                    } else if (entry.isDirectory()) {
                        if (!recursive) {
                            continue;
                        }
                        if (dir.depth + 1 > MAX_DEPTH || isLocalSymlink(entry)) {
                            linksNotFollowed.increment();
                        } else {
                            todo.push(new Dir(entry.getPath(), rel, dir.depth + 1));
                        }
                    } else {
                        addIfImage(entry, rel, label, images);
                    }
                }
            }
            return images;
        }

        private void addIfImage(FileStatus file, String rel, String label, List<ImageFile> into) {
            if (ImageExtensions.isImage(file.getPath().getName())) {
                into.add(new ImageFile(rel, label, file.getLen(), file.getModificationTime()));
            } else {
                notImages.increment();
            }
        }

        private boolean isLocalSymlink(FileStatus dir) {
            return local && Files.isSymbolicLink(Paths.get(dir.getPath().toUri()));
        }

        private FileStatus[] listOrFail(Path dir, String rel) {
            try {
                return fs.listStatus(dir);
            } catch (IOException e) {
                String where = rel.isEmpty() ? dir.toString() : rel;
                throw new ListingException("cannot list folder " + where + ": " + e.getMessage()
                        + "; check it exists and is readable, then run again", e);
            }
        }
    }

    private record Dir(Path path, String rel, int depth) {
    }
}
