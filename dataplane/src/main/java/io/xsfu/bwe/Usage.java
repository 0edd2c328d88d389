package io.xsfu.bwe;

/** What the delay trend says about the path: queues growing (overuse), stable, or draining (underuse). */
enum Usage {
    NORMAL,
    UNDERUSE,
    OVERUSE
}
