//! Who plays the contact in a test run of a flow (issue 16 part 7): each admin has a test
//! contact of their own on the simulator channel, so two admins testing at once never answer
//! in each other's chat, and its number can belong to no real person: country code 55 with
//! area code 00, which Brazil does not use.

/// The test contact of user `user_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestContact {
    /// Digits, as the simulator keeps a contact's phone.
    pub phone: String,
    pub name: String,
}

/// The test contact of the user `user_id` called `user_name`.
pub fn test_contact(user_id: i64, user_name: &str) -> TestContact {
    TestContact { phone: format!("5500{user_id:09}"), name: format!("Teste do fluxo ({})", user_name.trim()) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contact::normalise_phone;

    #[test]
    fn each_admin_has_a_test_number_of_their_own_that_no_brazilian_line_has() {
        let ana = test_contact(3, " Ana ");
        assert_eq!(ana, TestContact { phone: "5500000000003".into(), name: "Teste do fluxo (Ana)".into() });
        assert_eq!(normalise_phone(&ana.phone).as_deref(), Ok("5500000000003"), "the simulator takes it as it is");
        assert_ne!(test_contact(4, "Bia").phone, ana.phone);
        assert!(ana.phone.starts_with("5500"), "area code 00");
    }
}
