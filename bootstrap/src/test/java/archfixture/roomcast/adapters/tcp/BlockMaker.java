package archfixture.roomcast.adapters.tcp;

import archfixture.roomcast.domain.block.Block;

/** Breaks "adapters build no blocks": a transport making its own block instead of writing the core's. */
public final class BlockMaker {
    private BlockMaker() {
    }

    public static Block personalBlock() {
        return new Block("made in the adapter");
    }
}
