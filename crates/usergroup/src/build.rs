//! The whole job: discover, load, validate, render images, compile CSS, write.
