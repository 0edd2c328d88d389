package io.xsfu.layers;

/**
 * A simulcast/SVC layer: spatial (encoding or resolution) and temporal (frame rate) index, both from 0.
 * {@link #NONE}: the stream is not forwarded at all (suspended for lack of bandwidth).
 */
public record Layer(int spatial, int temporal) implements Comparable<Layer> {
    public static final Layer NONE = new Layer(-1, -1);

    public boolean none() {
        return spatial < 0;
    }

    /** Spatial first: any temporal layer of a higher resolution is above every one of a lower resolution. */
    @Override
    public int compareTo(Layer o) {
        return spatial != o.spatial ? Integer.compare(spatial, o.spatial) : Integer.compare(temporal, o.temporal);
    }

    @Override
    public String toString() {
        return none() ? "none" : "S" + spatial + "T" + temporal;
    }
}
