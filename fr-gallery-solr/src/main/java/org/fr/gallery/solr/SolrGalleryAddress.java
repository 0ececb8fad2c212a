package org.fr.gallery.solr;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a SolrCloud gallery lives: {@code solr://ZKHOST:PORT[,ZKHOST:PORT...][/CHROOT]?collection=NAME}. The hosts
 * are ZooKeeper's; the chroot is the ZooKeeper path Solr runs under (often {@code /solr}), absent when Solr uses the
 * root. Immutable and thread-safe.
 *
 * @param zkHosts    ZooKeeper {@code host:port} entries, at least one
 * @param chroot     the ZooKeeper chroot, starting with {@code /}, if any
 * @param collection the Solr collection holding the gallery
 */
public record SolrGalleryAddress(List<String> zkHosts, Optional<String> chroot, String collection) {
    public static final String SCHEME = "solr://";

    public SolrGalleryAddress {
        zkHosts = List.copyOf(zkHosts);
        if (zkHosts.isEmpty()) throw new IllegalArgumentException("a Solr gallery address needs a ZooKeeper host");
        if (collection == null || collection.isBlank()) {
            throw new IllegalArgumentException("a Solr gallery address needs ?collection=NAME");
        }
    }

    /** True if {@code text} is meant as a Solr address (starts with {@code solr://}) rather than a file name. */
    public static boolean isAddress(String text) {
        return text != null && text.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /**
     * Parses {@code solr://ZKHOST:PORT[,ZKHOST:PORT...][/CHROOT]?collection=NAME}.
     *
     * @throws IllegalArgumentException naming the address and what is wrong with it
     */
    public static SolrGalleryAddress parse(String text) {
        if (!isAddress(text)) throw new IllegalArgumentException("not a solr:// address: " + text);
        String rest = text.substring(SCHEME.length());
        int q = rest.indexOf('?');
        String query = q < 0 ? "" : rest.substring(q + 1);
        String authorityAndPath = q < 0 ? rest : rest.substring(0, q);
        int slash = authorityAndPath.indexOf('/');
        String hosts = slash < 0 ? authorityAndPath : authorityAndPath.substring(0, slash);
        String path = slash < 0 ? "" : authorityAndPath.substring(slash);
        List<String> zk = new ArrayList<>();
        for (String h : hosts.split(",")) {
            if (h.isBlank()) continue;
            int colon = h.lastIndexOf(':');
            if (colon <= 0 || colon == h.length() - 1 || !h.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("bad ZooKeeper host '" + h + "' in " + text + " (want HOST:PORT)");
            }
            zk.add(h);
        }
        if (zk.isEmpty()) throw new IllegalArgumentException("no ZooKeeper host in " + text);
        String collection = null;
        for (String param : query.split("&")) {
            if (param.isEmpty()) continue;
            int eq = param.indexOf('=');
            String key = eq < 0 ? param : param.substring(0, eq);
            String value = eq < 0 ? "" : URLDecoder.decode(param.substring(eq + 1), StandardCharsets.UTF_8);
            if (key.equals("collection")) {
                collection = value;
            } else {
                throw new IllegalArgumentException("unknown parameter '" + key + "' in " + text + " (only collection)");
            }
        }
        if (collection == null || collection.isBlank()) {
            throw new IllegalArgumentException("no ?collection=NAME in " + text);
        }
        String chroot = path.length() <= 1 ? null : (path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        URI.create("x:" + (chroot == null ? "/" : chroot)); // rejects characters no ZooKeeper path can hold
        return new SolrGalleryAddress(zk, Optional.ofNullable(chroot), collection);
    }

    @Override
    public String toString() {
        return SCHEME + String.join(",", zkHosts) + chroot.orElse("") + "?collection=" + collection;
    }
}
