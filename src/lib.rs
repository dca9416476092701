//! jumpgate
