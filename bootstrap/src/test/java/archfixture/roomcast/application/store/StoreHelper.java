package archfixture.roomcast.application.store;

/** A helper for store implementations. */
public final class StoreHelper {
}
