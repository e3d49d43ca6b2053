package archfixture.roomcast.domain.block;

/** Stands for the domain's block in the fixtures. */
public final class Block {
    public Block(String header) {
        if (header.isEmpty()) {
            throw new IllegalArgumentException("header");
        }
    }
}
