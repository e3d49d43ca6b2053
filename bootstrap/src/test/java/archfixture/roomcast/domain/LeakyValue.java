package archfixture.roomcast.domain;

import archfixture.roomcast.application.service.SomeService;

/** Breaks: domain depends on the application; a package cycle with it; standard streams; generic exception. */
public final class LeakyValue {
    public SomeService service;

    public void print() throws Exception {
        System.out.println(service);
        throw new Exception("generic");
    }
}
